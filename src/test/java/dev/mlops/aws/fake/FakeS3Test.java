package dev.mlops.aws.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

class FakeS3Test {
    private FakeS3 fake;
    private S3Client s3;

    @BeforeEach
    void start() {
        fake = new FakeS3().start();
        s3 = Clients.s3(fake.endpoint());
    }

    @AfterEach
    void stop() {
        s3.close();
        fake.close();
    }

    @Test
    void roundTripsAnObjectThroughTheRealClient() {
        s3.createBucket(b -> b.bucket("artifacts"));
        byte[] body = "L,298.4,308.2,1582,70.7,216\n".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket("artifacts").key("data/test.csv").contentType("text/csv"), RequestBody.fromBytes(body));

        byte[] read = s3.getObjectAsBytes(b -> b.bucket("artifacts").key("data/test.csv")).asByteArray();

        assertArrayEquals(body, read);
        assertArrayEquals(body, fake.getObject("artifacts", "data/test.csv").orElseThrow());
        assertEquals("text/csv", s3.headObject(b -> b.bucket("artifacts").key("data/test.csv")).contentType());
        assertEquals(body.length, s3.headObject(b -> b.bucket("artifacts").key("data/test.csv")).contentLength());
    }

    @Test
    void seesObjectsPutByTheTestHelper() {
        fake.putObject("models", "xgb/model.tar.gz", "model bytes");

        String read = s3.getObjectAsBytes(b -> b.bucket("models").key("xgb/model.tar.gz")).asUtf8String();

        assertEquals("model bytes", read);
    }

    @Test
    void answersMissingKeysAndBucketsLikeS3() {
        s3.createBucket(b -> b.bucket("artifacts"));

        assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket("artifacts").key("nope")));
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("artifacts").key("nope")));
        assertThrows(NoSuchBucketException.class, () -> s3.putObject(b -> b.bucket("never-created").key("k"),
                RequestBody.fromString("x")));
    }

    @Test
    void listsByPrefixAcrossPages() {
        for (String key : List.of("run/1/evaluation.json", "run/2/evaluation.json", "run/3/evaluation.json", "other")) {
            fake.putObject("artifacts", key, key);
        }

        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket("artifacts").prefix("run/").maxKeys(2))
                .contents().stream().map(S3Object::key).toList();
        ListObjectsV2Response folders = s3.listObjectsV2(b -> b.bucket("artifacts").prefix("run/").delimiter("/"));

        assertEquals(List.of("run/1/evaluation.json", "run/2/evaluation.json", "run/3/evaluation.json"), keys);
        assertEquals(List.of("run/1/", "run/2/", "run/3/"),
                folders.commonPrefixes().stream().map(p -> p.prefix()).toList());
    }

    @Test
    void deletesObjects() {
        fake.putObject("artifacts", "tmp/file", "x");

        s3.deleteObject(b -> b.bucket("artifacts").key("tmp/file"));

        assertTrue(fake.getObject("artifacts", "tmp/file").isEmpty());
    }
}

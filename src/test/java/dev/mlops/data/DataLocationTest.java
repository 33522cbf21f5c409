package dev.mlops.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataLocationTest {
    @Test
    void readsAPlainPathAsALocalFileRelativeToTheWorkingFolder() {
        DataLocation location = DataLocation.parse("data/ai4i.csv");
        assertEquals(new DataLocation.LocalFile("data/ai4i.csv", Path.of("data/ai4i.csv").toAbsolutePath()),
                location);
    }

    @Test
    void readsAFileUriWithPercentEscapes() {
        DataLocation location = DataLocation.parse("file:///tmp/my%20data.csv");
        assertEquals(new DataLocation.LocalFile("file:///tmp/my%20data.csv", Path.of("/tmp/my data.csv")), location);
    }

    @Test
    void rejectsAFileUriWithAHost() {
        InputException error = assertThrows(InputException.class, () -> DataLocation.parse("file://server/data.csv"));
        assertTrue(error.getMessage().startsWith("cannot resolve data file://server/data.csv: not a usable file URI"),
                error.getMessage());
    }

    @Test
    void readsAnS3UriAsBucketAndKey() {
        assertEquals(new DataLocation.S3Object("s3://my-bucket/in/ai4i.csv", "my-bucket", "in/ai4i.csv"),
                DataLocation.parse("s3://my-bucket/in/ai4i.csv"));
    }

    @Test
    void rejectsS3KeysThatWouldLeaveTheStore() {
        for (String uri : new String[] {"s3://bucket/../../etc/passwd", "s3://bucket//etc/passwd",
                "s3://bucket/a/./b", "s3://bucket/"}) {
            assertThrows(InputException.class, () -> DataLocation.parse(uri), uri);
        }
    }

    @Test
    void rejectsAnInvalidBucketName() {
        InputException error = assertThrows(InputException.class, () -> DataLocation.parse("s3://My_Bucket/x.csv"));
        assertTrue(error.getMessage().contains("'My_Bucket' is not an S3 bucket name"), error.getMessage());
    }

    @Test
    void generatesTenThousandRowsOfSeed42ByDefault() {
        DataLocation location = DataLocation.parse("generated://ai4i");
        assertEquals(new DataLocation.Generated("generated://ai4i", new Ai4iGenerator.Request(10_000, 42)),
                location);
        assertEquals("ai4i-rows-10000-seed-42.csv", ((DataLocation.Generated) location).fileName());
    }

    @Test
    void readsRowsAndSeedOfGeneratedData() {
        DataLocation location = DataLocation.parse("generated://ai4i?rows=500&seed=7");
        assertEquals(new Ai4iGenerator.Request(500, 7), ((DataLocation.Generated) location).request());
    }

    @Test
    void rejectsBadGeneratedParameters() {
        assertMessage("cannot resolve data generated://ai4i?rows=abc: rows must be a whole number, got 'abc'",
                "generated://ai4i?rows=abc");
        assertMessage("cannot resolve data generated://ai4i?rows=0: rows must be between 1 and 10000000, got 0",
                "generated://ai4i?rows=0");
        assertMessage("cannot resolve data generated://ai4i?size=5: unknown parameter 'size' (supported: rows, seed)",
                "generated://ai4i?size=5");
        assertMessage("cannot resolve data generated://ai4i?seed=1&seed=2: parameter 'seed' is given twice",
                "generated://ai4i?seed=1&seed=2");
        assertMessage("cannot resolve data generated://iris: unknown generated data set 'iris' (supported: ai4i)",
                "generated://iris");
    }

    @Test
    void rejectsAnUnknownSchemeListingTheSupportedOnes() {
        assertMessage("cannot resolve data https://example.com/data.csv: unsupported scheme 'https' (supported:"
                + " a file path, file:///path, s3://bucket/key, generated://ai4i?rows=N&seed=S)",
                "https://example.com/data.csv");
    }

    @Test
    void rejectsAnEmptyLocation() {
        assertThrows(InputException.class, () -> DataLocation.parse("  "));
    }

    private static void assertMessage(String expected, String uri) {
        assertEquals(expected, assertThrows(InputException.class, () -> DataLocation.parse(uri)).getMessage());
    }
}

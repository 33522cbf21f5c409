package dev.mlops.aws.fake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal in-memory S3 over real HTTP (path-style addressing): buckets, PUT/GET/HEAD/DELETE of
 * objects and ListObjectsV2. Requests to a bucket that was never created fail with NoSuchBucket,
 * as in S3; the test helpers below create buckets on demand.
 *
 * <pre>{@code
 * try (FakeS3 s3 = new FakeS3().start()) {
 *     S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)...build();
 * }
 * }</pre>
 */
public final class FakeS3 implements AutoCloseable {
    private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    /** One stored object; {@code etag} is the quoted hex MD5 of the body, as S3 gives for simple uploads. */
    record StoredObject(byte[] body, String etag, String contentType, Instant lastModified) {
    }

    /** Binds 127.0.0.1 on an ephemeral port. */
    public FakeS3 start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake S3", e);
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", new S3Handler(this));
        server.start();
        return this;
    }

    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("the fake S3 is not started");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    public void createBucket(String bucket) {
        buckets.putIfAbsent(bucket, new ConcurrentSkipListMap<>());
    }

    public void putObject(String bucket, String key, byte[] body) {
        createBucket(bucket);
        store(bucket, key, body, "binary/octet-stream");
    }

    public void putObject(String bucket, String key, String utf8) {
        putObject(bucket, key, utf8.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<byte[]> getObject(String bucket, String key) {
        return object(bucket, key).map(o -> o.body().clone());
    }

    public Optional<String> getObjectAsString(String bucket, String key) {
        return getObject(bucket, key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Keys of a bucket in lexicographic order (empty if the bucket does not exist). */
    public List<String> keys(String bucket) {
        return List.copyOf(buckets.getOrDefault(bucket, new ConcurrentSkipListMap<>()).keySet());
    }

    /** Writes {@code s3://bucket/key}; used by the SageMaker fake when a step produces a file. */
    void put(String s3Uri, byte[] body) {
        URI uri = URI.create(s3Uri);
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an s3:// URI: " + s3Uri);
        }
        putObject(uri.getHost(), uri.getPath().replaceFirst("^/", ""), body);
    }

    boolean bucketExists(String bucket) {
        return buckets.containsKey(bucket);
    }

    boolean deleteBucket(String bucket) {
        NavigableMap<String, StoredObject> objects = buckets.get(bucket);
        return objects != null && objects.isEmpty() && buckets.remove(bucket, objects);
    }

    NavigableMap<String, StoredObject> objects(String bucket) {
        return buckets.getOrDefault(bucket, new ConcurrentSkipListMap<>());
    }

    Optional<StoredObject> object(String bucket, String key) {
        return Optional.ofNullable(objects(bucket).get(key));
    }

    StoredObject store(String bucket, String key, byte[] body, String contentType) {
        StoredObject object = new StoredObject(body.clone(), etag(body), contentType,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        buckets.get(bucket).put(key, object);
        return object;
    }

    void delete(String bucket, String key) {
        objects(bucket).remove(key);
    }

    private static String etag(byte[] body) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }
}

package dev.mlops.aws.fake;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/** The ListObjectsV2 answer: prefix, delimiter (CommonPrefixes), max-keys and continuation tokens. */
final class S3Listing {
    private S3Listing() {
    }

    /** One page: its keys, its common prefixes and, when truncated, the first key of the next page. */
    private record Listing(List<String> keys, Set<String> commonPrefixes, Optional<String> next) {
    }

    static String listV2(String bucket, NavigableMap<String, FakeS3.StoredObject> objects, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.getOrDefault("delimiter", "");
        int maxKeys = Integer.parseInt(query.getOrDefault("max-keys", "1000"));
        Listing page = collect(objects, query, maxKeys);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .append(element("Name", bucket)).append(element("Prefix", prefix))
                .append(element("KeyCount", Integer.toString(page.keys().size() + page.commonPrefixes().size())))
                .append(element("MaxKeys", Integer.toString(maxKeys)))
                .append(element("IsTruncated", Boolean.toString(page.next().isPresent())));
        if (!delimiter.isEmpty()) {
            xml.append(element("Delimiter", delimiter));
        }
        page.next().ifPresent(next -> xml.append(element("NextContinuationToken", encode(next))));
        for (String key : page.keys()) {
            FakeS3.StoredObject object = objects.get(key);
            xml.append("<Contents>").append(element("Key", key))
                    .append(element("LastModified", DateTimeFormatter.ISO_INSTANT.format(object.lastModified())))
                    .append(element("ETag", object.etag()))
                    .append(element("Size", Integer.toString(object.body().length)))
                    .append(element("StorageClass", "STANDARD")).append("</Contents>");
        }
        page.commonPrefixes().forEach(p ->
                xml.append("<CommonPrefixes>").append(element("Prefix", p)).append("</CommonPrefixes>"));
        return xml.append("</ListBucketResult>").toString();
    }

    private static Listing collect(NavigableMap<String, FakeS3.StoredObject> objects, Map<String, String> query,
                                   int maxKeys) {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.getOrDefault("delimiter", "");
        List<String> keys = new ArrayList<>();
        Set<String> commonPrefixes = new LinkedHashSet<>();
        String key = query.containsKey("continuation-token")
                ? objects.ceilingKey(decode(query.get("continuation-token")))
                : objects.higherKey(query.getOrDefault("start-after", ""));
        while (key != null) {
            if (!key.startsWith(prefix)) {
                key = objects.higherKey(key);
            } else if (keys.size() + commonPrefixes.size() >= maxKeys) {
                return new Listing(keys, commonPrefixes, Optional.of(key));
            } else {
                int cut = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
                if (cut >= 0) {
                    String common = key.substring(0, cut + delimiter.length());
                    commonPrefixes.add(common);
                    key = objects.ceilingKey(common + Character.MAX_VALUE);
                } else {
                    keys.add(key);
                    key = objects.higherKey(key);
                }
            }
        }
        return new Listing(keys, commonPrefixes, Optional.empty());
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
    }

    private static String element(String name, String value) {
        return "<" + name + ">" + escape(value) + "</" + name + ">";
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }
}

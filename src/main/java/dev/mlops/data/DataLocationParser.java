package dev.mlops.data;

import dev.mlops.InputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsing behind {@link DataLocation#parse}: pure, no file system access beyond path syntax. */
final class DataLocationParser {
    private static final Pattern SCHEME =
            Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)", Pattern.DOTALL);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final String GENERATED_DATASET = "ai4i";

    private DataLocationParser() {
    }

    static DataLocation parse(String given) {
        String uri = given.trim();
        if (uri.isEmpty()) {
            throw new InputException("cannot resolve data '': no location given (use "
                    + String.join(", ", DataLocation.SUPPORTED_FORMS) + ")");
        }
        if (uri.regionMatches(true, 0, "file:", 0, 5)) {
            return fileUri(uri);
        }
        Matcher scheme = SCHEME.matcher(uri);
        if (!scheme.matches()) {
            return new DataLocation.LocalFile(uri, localPath(uri));
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        if (name.equals("s3")) {
            return s3(uri, scheme.group(2));
        }
        if (name.equals("generated")) {
            return generated(uri, scheme.group(2));
        }
        throw new InputException("cannot resolve data " + uri + ": unsupported scheme '" + name
                + "' (supported: " + String.join(", ", DataLocation.SUPPORTED_FORMS) + ")");
    }

    private static DataLocation fileUri(String uri) {
        String reason;
        try {
            return new DataLocation.LocalFile(uri, Path.of(new URI(uri)).toAbsolutePath());
        } catch (URISyntaxException e) {
            reason = e.getReason();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            reason = e.getMessage();
        }
        throw new InputException("cannot resolve data " + uri + ": not a usable file URI (" + reason
                + "); write an absolute one like file:///path/to/data.csv, with spaces as %20");
    }

    private static Path localPath(String uri) {
        try {
            return Path.of(uri).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new InputException("cannot resolve data " + uri + ": not a valid file path ("
                    + e.getReason() + ")");
        }
    }

    private static DataLocation s3(String uri, String rest) {
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new InputException("cannot resolve data " + uri + ": '" + bucket
                    + "' is not an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)");
        }
        if (key.isEmpty()) {
            throw new InputException("cannot resolve data " + uri + ": no object key after the bucket");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InputException("cannot resolve data " + uri + ": the key has an empty,"
                        + " '.' or '..' segment, which the local store cannot hold");
            }
        }
        return new DataLocation.S3Object(uri, bucket, key);
    }

    private static DataLocation generated(String uri, String rest) {
        int question = rest.indexOf('?');
        String dataset = question < 0 ? rest : rest.substring(0, question);
        if (!dataset.equals(GENERATED_DATASET) && !dataset.equals(GENERATED_DATASET + "/")) {
            throw new InputException("cannot resolve data " + uri + ": unknown generated data set '"
                    + dataset + "' (supported: " + GENERATED_DATASET + ")");
        }
        Map<String, String> query = query(uri, question < 0 ? "" : rest.substring(question + 1));
        long rows = number(uri, "rows", query, DataLocation.Generated.DEFAULT_ROWS);
        long seed = number(uri, "seed", query, DataLocation.Generated.DEFAULT_SEED);
        if (rows < 1 || rows > Ai4iGenerator.MAX_ROWS) {
            throw new InputException("cannot resolve data " + uri + ": rows must be between 1 and "
                    + Ai4iGenerator.MAX_ROWS + ", got " + rows);
        }
        return new DataLocation.Generated(uri, new Ai4iGenerator.Request((int) rows, seed));
    }

    private static Map<String, String> query(String uri, String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!name.equals("rows") && !name.equals("seed")) {
                throw new InputException("cannot resolve data " + uri + ": unknown parameter '" + name
                        + "' (supported: rows, seed)");
            }
            if (parameters.put(name, equals < 0 ? "" : pair.substring(equals + 1)) != null) {
                throw new InputException("cannot resolve data " + uri + ": parameter '" + name
                        + "' is given twice");
            }
        }
        return parameters;
    }

    private static long number(String uri, String name, Map<String, String> query, long fallback) {
        if (!query.containsKey(name)) {
            return fallback;
        }
        String value = query.get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InputException("cannot resolve data " + uri + ": " + name
                    + " must be a whole number, got '" + value + "'");
        }
    }
}

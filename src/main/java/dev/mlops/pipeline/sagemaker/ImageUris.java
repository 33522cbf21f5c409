package dev.mlops.pipeline.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SageMaker scikit-learn and XGBoost images of a region, from the table the product ships
 * ({@code image-registries.json}: AWS's published registry paths for the commercial regions).
 * A region or version the table does not know is an input error that points to the spec's
 * {@code images} override, which takes any image URI.
 */
public final class ImageUris {
    private static final String TABLE = "image-registries.json";
    private static final Framework SKLEARN = load("sklearn", "scikit-learn");
    private static final Framework XGBOOST = load("xgboost", "XGBoost");

    private ImageUris() {
    }

    /** E.g. {@code 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3}. */
    public static String sklearnImage(String region, String version) {
        return SKLEARN.uri(region, version);
    }

    /** E.g. {@code 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1}. */
    public static String xgboostImage(String region, String version) {
        return XGBOOST.uri(region, version);
    }

    /** The regions the table knows for both images, sorted. */
    public static List<String> regions() {
        List<String> regions = new ArrayList<>(SKLEARN.registries().keySet());
        regions.retainAll(XGBOOST.registries().keySet());
        return List.copyOf(regions);
    }

    private record Framework(String key, String label, String repository, String tag, List<String> versions,
                             Map<String, String> registries) {

        String uri(String region, String version) {
            String account = registries.get(region);
            if (account == null) {
                throw new InputException("cannot find the " + label + " image for region '" + region
                        + "': the image table knows " + String.join(", ", registries.keySet())
                        + "; set images." + key + " in the pipeline spec to an image URI to use another region");
            }
            if (!versions.contains(version)) {
                throw new InputException("cannot find the " + label + " image version '" + version
                        + "': the image table knows " + String.join(", ", versions) + "; set images." + key
                        + " in the pipeline spec to an image URI to use another version");
            }
            return account + ".dkr.ecr." + region + ".amazonaws.com/" + repository + ":" + tag.replace("{version}", version);
        }
    }

    private static Framework load(String key, String label) {
        try (InputStream in = ImageUris.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("cannot read " + TABLE + ": it is missing from the classpath");
            }
            JsonNode node = new ObjectMapper().readTree(in).path(key);
            Map<String, String> registries = new TreeMap<>();
            node.path("registries").properties().forEach(e -> registries.put(e.getKey(), e.getValue().asText()));
            List<String> versions = new ArrayList<>();
            node.path("versions").forEach(v -> versions.add(v.asText()));
            return new Framework(key, label, node.path("repository").asText(), node.path("tag").asText(),
                    List.copyOf(versions), java.util.Collections.unmodifiableMap(registries));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TABLE + ": " + e.getMessage(), e);
        }
    }
}

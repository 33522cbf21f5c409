package dev.mlops.pipeline.sagemaker;

import dev.mlops.InputException;
import java.util.regex.Pattern;

/**
 * The versions of SageMaker's scikit-learn and XGBoost images, as SageMaker spells them
 * ({@code 1.2-1}, {@code 1.7-1}). The defaults are the ones the parity tests run against.
 */
public record FrameworkVersions(String sklearn, String xgboost) {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?(-\\d+)?");
    public static final FrameworkVersions DEFAULT = new FrameworkVersions("1.2-1", "1.7-1");

    public FrameworkVersions {
        check("scikit-learn", sklearn);
        check("XGBoost", xgboost);
    }

    private static void check(String framework, String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new InputException("cannot use " + framework + " image version '" + version
                    + "': expected a SageMaker framework version like 1.2-1");
        }
    }
}

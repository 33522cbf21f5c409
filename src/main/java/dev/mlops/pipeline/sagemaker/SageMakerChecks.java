package dev.mlops.pipeline.sagemaker;

import dev.mlops.InputException;
import dev.mlops.spec.ParameterSpec;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.Value;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What SageMaker demands beyond what the spec parser checks, checked before anything is emitted
 * so the user hears it from the compiler instead of from CreatePipeline or a failed job.
 */
final class SageMakerChecks {
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final List<String> STATUSES = List.of("PendingManualApproval", "Approved", "Rejected");
    private static final int MAX_STRING_DEFAULT = 4096;
    private static final int MAX_IMAGE_URI = 255;

    private SageMakerChecks() {
    }

    static void check(PipelineSpec spec) {
        spec.parameters().values().forEach(p -> parameter(spec, p));
        Value<String> source = spec.data().source();
        if (!source.isParameter() && !source.literal().orElseThrow().startsWith("s3://")) {
            throw error(spec, source, "SageMaker reads its input from S3: use an s3:// URI or a parameter, found '"
                    + source.literal().orElseThrow() + "'");
        }
        Value<String> group = spec.registration().modelPackageGroup();
        if (!GROUP.matcher(valueOrDefault(spec, group)).matches()) {
            throw error(spec, group, "model package group '" + valueOrDefault(spec, group)
                    + "' must be 1 to 63 letters, digits and hyphens, starting with a letter or digit");
        }
        spec.images().forEach((name, uri) -> {
            if (uri.isBlank() || uri.length() > MAX_IMAGE_URI) {
                throw new InputException("cannot compile pipeline " + spec.source() + ": images." + name
                        + " must be an image URI of 1 to " + MAX_IMAGE_URI + " characters");
            }
        });
    }

    private static void parameter(PipelineSpec spec, ParameterSpec parameter) {
        if (!PARAMETER_NAME.matcher(parameter.name()).matches()) {
            throw new InputException("cannot compile pipeline " + spec.source() + ": parameter '" + parameter.name()
                    + "' has " + parameter.name().length() + " characters; SageMaker allows at most 64");
        }
        if (parameter.defaultValue() instanceof String text && text.length() > MAX_STRING_DEFAULT) {
            throw new InputException("cannot compile pipeline " + spec.source() + ": the default of parameter '"
                    + parameter.name() + "' has " + text.length() + " characters; SageMaker allows at most "
                    + MAX_STRING_DEFAULT);
        }
    }

    /** The literal, or the default of the parameter the value is bound to. */
    private static String valueOrDefault(PipelineSpec spec, Value<String> value) {
        Map<String, ParameterSpec> parameters = spec.parameters();
        return value.literal().orElseGet(() -> parameters.get(value.parameter().orElseThrow()).defaultValue().toString());
    }

    private static InputException error(PipelineSpec spec, Value<?> value, String why) {
        String where = value.location().line() > 0 ? value.location().toString() : spec.source();
        String bound = value.parameter().map(p -> " (the default of parameter " + p + ")").orElse("");
        return new InputException("cannot compile pipeline " + where + ": " + value.field() + ": " + why + bound);
    }
}

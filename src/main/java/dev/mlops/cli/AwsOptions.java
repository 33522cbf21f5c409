package dev.mlops.cli;

import dev.mlops.aws.AwsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The aws backend's global options, usable before or after any subcommand. They are added to
 * each command in code rather than inherited by annotation because a command may declare one of
 * these names itself ({@code pipeline compile --region}); that command keeps its own and gets
 * the others. Every copy writes to this one object.
 */
final class AwsOptions {
    private Optional<String> region = Optional.empty();
    private Optional<String> profile = Optional.empty();
    private Optional<String> roleArn = Optional.empty();
    private Optional<String> endpointUrl = Optional.empty();
    private Optional<String> s3EndpointUrl = Optional.empty();
    private Optional<Path> config = Optional.empty();

    private record Declared(String name, String label, String description, Consumer<String> set) {
    }

    AwsSettings.Flags flags() {
        return new AwsSettings.Flags(region, profile, roleArn, endpointUrl, s3EndpointUrl, config);
    }

    /** Adds the options to {@code command} and every command below it, except where a command has the name already. */
    void install(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        for (Declared option : declared()) {
            if (spec.findOption(option.name()) == null) {
                spec.addOption(OptionSpec.builder(option.name()).paramLabel(option.label()).type(String.class)
                        .description(option.description()).setter(setter(option.set())).build());
            }
        }
        command.getSubcommands().values().stream().distinct().forEach(this::install);
    }

    private List<Declared> declared() {
        List<Declared> options = new ArrayList<>();
        options.add(new Declared("--config", "FILE", "Project config file (default: mlops.yaml in the working directory, if present).",
                v -> config = Optional.of(Path.of(v))));
        options.add(new Declared("--region", "REGION", "AWS region (aws backend; default: AWS_REGION, mlops.yaml, the SDK chain).",
                v -> region = Optional.of(v)));
        options.add(new Declared("--profile", "PROFILE", "AWS profile for credentials (aws backend; default: AWS_PROFILE).",
                v -> profile = Optional.of(v)));
        options.add(new Declared("--role-arn", "ARN", "IAM role to assume via STS, renewed before it expires (aws backend).",
                v -> roleArn = Optional.of(v)));
        options.add(new Declared("--endpoint-url", "URL", "Endpoint for SageMaker and S3 (aws backend; default: AWS_ENDPOINT_URL).",
                v -> endpointUrl = Optional.of(v)));
        options.add(new Declared("--s3-endpoint-url", "URL", "Endpoint for S3 alone, when it differs from --endpoint-url.",
                v -> s3EndpointUrl = Optional.of(v)));
        return options;
    }

    /** picocli resets an option by setting null before parsing; that leaves the value empty. */
    private static ISetter setter(Consumer<String> set) {
        return new ISetter() {
            @Override
            public <T> T set(T value) {
                if (value != null) {
                    set.accept(value.toString());
                }
                return null;
            }
        };
    }
}

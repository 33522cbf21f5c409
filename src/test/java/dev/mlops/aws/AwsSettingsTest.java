package dev.mlops.aws;

import dev.mlops.Polling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void flagBeatsEnvironmentWhichBeatsTheConfigFile() {
        AwsFakes.write(dir.resolve("mlops.yaml"), String.join("\n", "aws:", "  region: eu-west-1", "  profile: file-profile",
                "  s3_prefix: s3://file-bucket/builds/", "  execution_role: arn:aws:iam::111111111111:role/FromFile", ""));
        Map<String, String> env = Map.of("AWS_REGION", "eu-central-1", "AWS_PROFILE", "env-profile",
                "MLOPS_S3_PREFIX", "s3://env-bucket");

        AwsSettings settings = AwsSettings.resolve(flags(Optional.of("us-west-2"), Optional.empty()), env, dir);

        assertEquals(Optional.of("us-west-2"), settings.region());
        assertEquals(Optional.of("env-profile"), settings.profile());
        assertEquals(Optional.of("s3://env-bucket"), settings.s3Prefix());
        assertEquals(Optional.of("arn:aws:iam::111111111111:role/FromFile"), settings.executionRole());
        assertEquals(dir.resolve("model-build").toAbsolutePath(), settings.codeDir());
    }

    @Test
    void nothingGivenLeavesRegionAndCredentialsToTheSdkChain() {
        AwsSettings settings = AwsSettings.resolve(AwsSettings.Flags.NONE, Map.of(), dir);

        assertEquals(Optional.empty(), settings.region());
        assertEquals(Optional.empty(), settings.profile());
        assertEquals(Optional.empty(), settings.sageMakerEndpoint());
        assertEquals(Polling.DEFAULT, settings.polling());
        assertEquals(AwsSettings.DEFAULT_MAX_ATTEMPTS, settings.maxAttempts());
        assertTrue(assertThrows(InputException.class, settings::requireS3Prefix).getMessage().contains("MLOPS_S3_PREFIX"));
    }

    @Test
    void serviceEndpointVariablesBeatTheGenericOneAndTheFlagBeatsBoth() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://localhost:4566",
                "AWS_ENDPOINT_URL_SAGEMAKER", "http://localhost:9000");

        AwsSettings fromEnv = AwsSettings.resolve(AwsSettings.Flags.NONE, env, dir);
        AwsSettings fromFlag = AwsSettings.resolve(flags(Optional.empty(), Optional.of("http://127.0.0.1:1234")), env, dir);

        assertEquals(Optional.of(URI.create("http://localhost:9000")), fromEnv.sageMakerEndpoint());
        assertEquals(Optional.of(URI.create("http://localhost:4566")), fromEnv.s3Endpoint());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:1234")), fromFlag.sageMakerEndpoint());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:1234")), fromFlag.s3Endpoint());
    }

    @Test
    void misspeltKeyIsAnErrorWithItsPlaceAndTheKeyMeant() {
        AwsFakes.write(dir.resolve("mlops.yaml"), "aws:\n  region: us-east-1\n  s3_prefx: s3://bucket\n");

        InputException e = assertThrows(InputException.class, () -> AwsSettings.resolve(AwsSettings.Flags.NONE, Map.of(), dir));

        assertTrue(e.getMessage().startsWith("cannot read config " + dir.resolve("mlops.yaml") + ":3:3: aws.s3_prefx:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 's3_prefix'?"), e.getMessage());
    }

    @Test
    void invalidValueNamesWhereItCameFrom() {
        AwsFakes.write(dir.resolve("mlops.yaml"), "aws:\n  execution_role: MyRole\n");

        InputException e = assertThrows(InputException.class, () -> AwsSettings.resolve(AwsSettings.Flags.NONE, Map.of(), dir));

        assertTrue(e.getMessage().contains("cannot use execution role 'MyRole' from " + dir.resolve("mlops.yaml") + ":2:19"
                + " (aws.execution_role)"), e.getMessage());
        InputException region = assertThrows(InputException.class,
                () -> AwsSettings.resolve(AwsSettings.Flags.NONE, Map.of("AWS_REGION", "Virginia"), Path.of("/nonexistent")));
        assertTrue(region.getMessage().contains("'Virginia' from environment variable AWS_REGION"), region.getMessage());
    }

    @Test
    void explicitConfigFileMustExistAndSetsThePollingAndCodeDirectory() {
        Path config = dir.resolve("ci").resolve("aws.yaml");
        InputException missing = assertThrows(InputException.class, () -> AwsSettings.resolve(new AwsSettings.Flags(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(config)),
                Map.of(), dir));
        assertTrue(missing.getMessage().contains("no such file (--config)"), missing.getMessage());

        AwsFakes.write(config, "aws:\n  code_dir: ../scripts\n  poll_interval: 5s\n  max_poll_interval: 1m\n");
        AwsSettings settings = AwsSettings.resolve(new AwsSettings.Flags(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(config)), Map.of(), dir);

        assertEquals(dir.resolve("scripts").toAbsolutePath(), settings.codeDir());
        assertEquals(new Polling(Duration.ofSeconds(5), Duration.ofMinutes(1)), settings.polling());
    }

    private static AwsSettings.Flags flags(Optional<String> region, Optional<String> endpoint) {
        return new AwsSettings.Flags(region, Optional.empty(), Optional.empty(), endpoint, Optional.empty(), Optional.empty());
    }
}

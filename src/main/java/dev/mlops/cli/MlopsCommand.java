package dev.mlops.cli;

import dev.mlops.InputException;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.SageMakerDefinitionCompiler;
import dev.mlops.aws.Timing;
import dev.mlops.backend.Backend;
import dev.mlops.gitops.git.GitStoreOptions;
import dev.mlops.local.ControllerState;
import dev.mlops.local.LocalBackend;
import dev.mlops.spec.ProjectConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command; its options are global: they may come before or after the subcommand. Its subcommands are in {@link Cli}. */
@Command(name = "mlops", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT, sortOptions = false,
        description = "Carries a SageMaker model from a Git push to production: build, register, approve, deploy, smoke-test, promote.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the work failed (a step, a quality gate, a smoke test, a refused promotion)",
            "2:usage or input error", "3:not converged yet: the remote work is still running",
            "70:internal error: a bug in mlops (MLOPS_DEBUG=1 prints the stack trace)"})
public final class MlopsCommand {

    @Option(names = "--backend", scope = ScopeType.INHERIT, defaultValue = "local", paramLabel = "local|aws",
            description = "Where the work runs: local (embedded, the default) or aws.")
    String backend;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, defaultValue = "${env:MLOPS_STATE_DIR:-.mlops}",
            paramLabel = "DIR", description = "Directory of the local backend's state (default: .mlops, env MLOPS_STATE_DIR).")
    Path stateDir;

    @Option(names = "--output", scope = ScopeType.INHERIT, defaultValue = "text", paramLabel = "text|json",
            description = "Result format on stdout: text (default) or json (exactly one JSON object).")
    Printer.Format output;

    @Option(names = "--deploy-repo", scope = ScopeType.INHERIT, defaultValue = "${env:MLOPS_DEPLOY_REPO}",
            paramLabel = "URL", description = "The desired-state Git repository (default: a bare repository in the state dir,"
                + " seeded from model-deploy/; env MLOPS_DEPLOY_REPO). HTTPS tokens come from MLOPS_GIT_TOKEN.")
    Optional<String> deployRepo;

    @Option(names = "--deploy-branch", scope = ScopeType.INHERIT, defaultValue = "${env:MLOPS_DEPLOY_BRANCH:-main}",
            paramLabel = "BRANCH", description = "The branch of the desired-state repository (default: main,"
                + " env MLOPS_DEPLOY_BRANCH).")
    String deployBranch;

    @Option(names = "--model-deploy-dir", scope = ScopeType.INHERIT, defaultValue = "model-deploy", paramLabel = "DIR",
            description = "The model-deploy directory that seeds a new desired-state repository (default: ${DEFAULT-VALUE}).")
    Path modelDeployDir;

    /** Read once per command, whatever the backend: a missing --config or an unknown key is an error everywhere. */
    private ProjectConfig config;

    ProjectConfig config() {
        if (config == null) {
            config = ProjectConfig.find(aws.flags().config(), Path.of("").toAbsolutePath());
        }
        return config;
    }

    ControllerState openState() {
        config();
        GitStoreOptions options = GitStoreOptions.of(stateDir, modelDeployDir).withBranch(deployBranch);
        return new ControllerState(stateDir, deployRepo.map(options::withRemote).orElse(options));
    }

    /** Added to every command by {@link Cli}; see {@link AwsOptions} for why not by annotation. */
    final AwsOptions aws = new AwsOptions();

    Backend openBackend() {
        return switch (backend) {
            case "local" -> {
                config();
                yield new LocalBackend(stateDir, Clock.systemUTC());
            }
            case "aws" -> new AwsBackend(AwsSettings.resolve(aws.flags(), config(), System.getenv(), Path.of("").toAbsolutePath()),
                    new SageMakerDefinitionCompiler(), Timing.SYSTEM);
            default -> throw new InputException("cannot use backend '" + backend + "': valid backends are local, aws");
        };
    }
}

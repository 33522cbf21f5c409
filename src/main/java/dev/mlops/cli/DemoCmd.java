package dev.mlops.cli;

import dev.mlops.Outcome;
import dev.mlops.WorkFailedException;
import dev.mlops.backend.Backend;
import dev.mlops.data.LocalDataResolver;
import dev.mlops.deploy.EnvironmentState;
import dev.mlops.deploy.ReconcileRequest;
import dev.mlops.deploy.ReconcileResult;
import dev.mlops.deploy.Reconciler;
import dev.mlops.gitops.git.JGitSourceCommits;
import dev.mlops.local.ControllerState;
import dev.mlops.pipeline.BuildCommand;
import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.BuildResult;
import dev.mlops.pipeline.RunOptions;
import dev.mlops.pipeline.RegisteredPackage;
import dev.mlops.promote.Promotion;
import dev.mlops.registry.ApprovalRequest;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.server.ServingOptions;
import dev.mlops.server.ServingServer;
import dev.mlops.smoke.EnvironmentSmoke;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole mission on this machine, from data to a prediction through the prod API.",
            "Generate data, build and register, approve (an automatic demo",
            "approval), watch approvals, deploy staging, smoke-test it, promote to prod, deploy prod, and predict through",
            "the prod API. Prints each stage and a summary; --keep-serving leaves the API running."})
final class DemoCmd extends BaseCommand implements Callable<Integer> {
    static final String DEMO_USER = "mlops-demo";

    @Option(names = "--port", defaultValue = "0", description = "Port of the serving process; 0 picks a free one (default).")
    int port;

    @Option(names = "--keep-serving", description = "Keep the serving process running after the demo (Ctrl-C stops it).")
    boolean keepServing;

    @Option(names = "--rows", defaultValue = "10000", description = "Rows of generated data (default: ${DEFAULT-VALUE}).")
    int rows;

    private final Map<String, Object> summary = new LinkedHashMap<>();
    private Printer printer;
    private int stage;

    @Override
    public Integer call() throws Exception {
        printer = printer();
        Path stateDir = root().stateDir;
        try (Backend backend = openBackend(); ControllerState state = openState();
             ServingServer server = ServingServer.start(ServingOptions.defaults(stateDir).withPort(port))) {
            String base = server.baseUri().toString();
            String data = "generated://ai4i?rows=" + rows + "&seed=42";
            Path file = stage("Generate data", () -> new LocalDataResolver(stateDir).resolve(data), f -> "AI4I-like data at " + f);
            // Each demo run is a new attempt of the commit (a build of the same attempt would report its package again).
            int attempt = 1 + backend.registry().groups().stream().mapToInt(g -> backend.registry().list(g).size()).sum();
            BuildResult build = stage("Build", () -> new BuildCommand(backend.pipelineRunner(), new JGitSourceCommits())
                    .data(Optional.of(file.toString())).options(new RunOptions(Optional.empty(), RunOptions.AbortAction.STOP,
                            attempt)).serving(new UseCases(backend, state).servedVersions()).listener(BuildListener.NONE)
                    .call(), DemoCmd::built);
            RegisteredPackage pkg = build.modelPackage().orElseThrow();
            ModelPackageRef ref = new ModelPackageRef(pkg.group(), pkg.version());
            stage("Approve", () -> backend.registry().updateApproval(new ApprovalRequest(ref, ApprovalStatus.Approved,
                    DEMO_USER, "automatic demo approval")), c -> ref + " Approved by " + DEMO_USER + " (automatic demo approval)");
            UseCases engine = new UseCases(backend, state);
            stage("Watch approvals", () -> engine.watcher("staging").poll(pkg.group()).message(), m -> m);
            Reconciler reconciler = engine.reconciler();
            stage("Reconcile staging", () -> reconcile(reconciler, "staging"), m -> m);
            EnvironmentSmoke smoke = engine.smoke(env -> Optional.of(URI.create(base + "/api/" + env + "/predict")));
            stage("Smoke staging", () -> smoke(smoke, "staging", stateDir), m -> m);
            stage("Promote", () -> engine.promotion().promote(new Promotion.Request("staging", "prod",
                    Optional.of(DEMO_USER), DEMO_USER)).message(), m -> m);
            stage("Reconcile prod", () -> reconcile(reconciler, "prod"), m -> m);
            String record = "L,298.4,308.2,1582,70.7,216";
            String prediction = stage("Predict through the prod API", () -> DemoPrediction.predict(base + "/api/prod/predict",
                    record), p -> "POST " + base + "/api/prod/predict  " + record + "\n      -> " + p);
            summary.put("prod_version", ref.toString());
            summary.put("metrics", build.metrics());
            summary.put("prediction", prediction);
            summary.put("staging_api", base + "/api/staging/predict");
            summary.put("prod_api", base + "/api/prod/predict");
            summary.put("report", build.report().orElse(""));
            printer.result(summary, summaryText());
            if (keepServing) {
                printer.progress("Serving on " + base + " until Ctrl-C (state dir " + stateDir.toAbsolutePath() + ")");
                server.serve();
            }
            return 0;
        }
    }

    /** Runs one stage of the mission, timed, and prints what it did. */
    private <T> T stage(String name, Callable<T> body, Function<T, String> outcome) throws Exception {
        stage++;
        long start = System.nanoTime();
        T result = body.call();
        printer.progress(String.format(Locale.ROOT, "[%d/9] %-29s %6d ms  %s", stage, name,
                (System.nanoTime() - start) / 1_000_000, outcome.apply(result)));
        return result;
    }

    private static String built(BuildResult build) {
        RegisteredPackage pkg = build.modelPackage().orElseThrow(() -> new WorkFailedException(
                "cannot run the demo: the build did not register a model: " + build.failureReason().orElse("")));
        return "registered " + pkg.group() + "/" + pkg.version() + " " + metrics(build) + "\n      report: "
                + build.report().orElse("");
    }

    private String reconcile(Reconciler reconciler, String env) {
        ReconcileResult result = reconciler.reconcile(new ReconcileRequest(env, Duration.ofMinutes(2), Duration.ofMillis(100),
                true));
        EnvironmentState now = result.status().state();
        if (result.outcome() != Outcome.SUCCEEDED) {
            throw new WorkFailedException("cannot run the demo: reconcile " + env + " ended " + now.sync() + "/"
                    + now.health() + " (" + result.status().reason() + "): " + result.status().message());
        }
        return env + " " + now.sync() + "/" + now.health() + ": " + result.status().message();
    }

    private String smoke(EnvironmentSmoke smoke, String env, Path stateDir) {
        EnvironmentSmoke.Outcome outcome = smoke.run(new EnvironmentSmoke.Request(env, Optional.empty(), Optional.empty(),
                stateDir.resolve("reports")));
        summary.put("junit_xml", outcome.junitXml().toAbsolutePath().toString());
        if (!outcome.report().passed()) {
            throw new WorkFailedException("cannot run the demo: the " + env + " smoke suite failed; see " + outcome.junitXml());
        }
        return outcome.report().tests() + "/" + outcome.report().tests() + " cases passed; JUnit XML " + outcome.junitXml();
    }

    private static String metrics(BuildResult build) {
        StringBuilder text = new StringBuilder();
        build.metrics().forEach((k, v) -> text.append(String.format(Locale.ROOT, "%s=%.4f ", k, v)));
        return text.toString().trim();
    }

    private String summaryText() {
        return "Demo complete.\n"
                + "  prod serves:  " + summary.get("prod_version") + "\n"
                + "  prediction:   " + summary.get("prediction") + "\n"
                + "  staging API:  " + summary.get("staging_api") + "\n"
                + "  prod API:     " + summary.get("prod_api") + (keepServing ? "" : " (stopped; use --keep-serving)") + "\n"
                + "  report:       " + summary.get("report") + "\n"
                + "  smoke JUnit:  " + summary.get("junit_xml") + "\n";
    }
}

package dev.mlops.aws.fake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A stateful fake of Amazon SageMaker speaking the JSON 1.1 protocol over real HTTP on
 * 127.0.0.1, so the real SDK client serialises, signs, retries and parses every call. The same
 * address answers SageMaker Runtime's {@code InvokeEndpoint} ({@code POST /endpoints/{name}/invocations},
 * see {@link RuntimeHandler}): point a runtime client's endpoint override at {@link #endpoint()}.
 *
 * <p>Time is virtual: every DescribePipelineExecution, first page of ListPipelineExecutionSteps
 * and DescribeEndpoint answers the current state and then ticks the thing described once;
 * {@link #advance()} ticks everything. A step takes {@link #ticksPerStep(int)} ticks (Starting,
 * then Executing, then its end status), an endpoint change {@link #ticksPerEndpointChange(int)}.
 *
 * <pre>{@code
 * try (FakeS3 s3 = new FakeS3().start(); FakeSageMaker sm = new FakeSageMaker(s3).start()) {
 *     sm.evaluationMetrics(Map.of("auc", 0.93));
 *     SageMakerClient client = SageMakerClient.builder().endpointOverride(sm.endpoint())...build();
 * }
 * }</pre>
 */
public final class FakeSageMaker implements AutoCloseable {
    private final Object lock = new Object();
    private final Faults faults = new Faults();
    private final VirtualClock clock = new VirtualClock();
    private final Engine engine;
    private final ExecutionOperations executions;
    private final EndpointOperations endpoints;
    private final JsonRpcHandler handler;
    private final RuntimeHandler runtime;
    private HttpServer server;
    private ExecutorService executor;

    /** A fake whose steps write no files. */
    public FakeSageMaker() {
        this(Optional.empty());
    }

    /** A fake whose evaluation steps write their report into {@code s3}. */
    public FakeSageMaker(FakeS3 s3) {
        this(Optional.of(s3));
    }

    private FakeSageMaker(Optional<FakeS3> s3) {
        TagStore tags = new TagStore();
        ModelRegistry registry = new ModelRegistry(clock, tags);
        PipelineOperations pipelines = new PipelineOperations(clock, tags);
        engine = new Engine(clock, registry, s3);
        executions = new ExecutionOperations(clock, pipelines, engine, executionIds());
        endpoints = new EndpointOperations(clock, tags);
        Map<String, Operation> operations = new HashMap<>();
        pipelines.register(operations);
        executions.register(operations);
        new RegistryOperations(registry).register(operations);
        endpoints.register(operations);
        handler = new JsonRpcHandler("SageMaker", operations, faults, lock);
        runtime = new RuntimeHandler(endpoints::serving, handler::record, lock);
    }

    /** Binds 127.0.0.1 on an ephemeral port. */
    public FakeSageMaker start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake SageMaker", e);
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.createContext("/endpoints/", runtime);
        server.start();
        return this;
    }

    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("the fake SageMaker is not started");
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

    /** Ticks every running execution and every changing endpoint once. */
    public FakeSageMaker advance() {
        synchronized (lock) {
            clock.tick();
            executions.tickAll();
            endpoints.tickAll();
        }
        return this;
    }

    public FakeSageMaker ticksPerStep(int ticks) {
        synchronized (lock) {
            engine.ticksPerStep(ticks);
        }
        return this;
    }

    public FakeSageMaker ticksPerEndpointChange(int ticks) {
        synchronized (lock) {
            endpoints.ticksPerChange(ticks);
        }
        return this;
    }

    /** Metrics reported (as binary_classification_metrics) by steps that finish from now on. */
    public FakeSageMaker evaluationMetrics(Map<String, Double> metrics) {
        synchronized (lock) {
            engine.metrics(metrics);
        }
        return this;
    }

    /** Every later run of the named step fails with {@code reason}, until {@link #healStep(String)}. */
    public FakeSageMaker failStep(String stepName, String reason) {
        synchronized (lock) {
            engine.failStep(stepName, reason);
        }
        return this;
    }

    public FakeSageMaker healStep(String stepName) {
        synchronized (lock) {
            engine.healStep(stepName);
        }
        return this;
    }

    /** The next {@code count} requests get HTTP 400 ThrottlingException. */
    public FakeSageMaker throttleNext(int count) {
        faults.throttleNext(count);
        return this;
    }

    /** The next {@code count} requests get {@code httpStatus} (5xx) with InternalFailure or ServiceUnavailable. */
    public FakeSageMaker failNext(int count, int httpStatus) {
        faults.failNext(count, httpStatus);
        return this;
    }

    /** Every response waits {@code delay} of real time first (for client time-out tests). */
    public FakeSageMaker slowResponses(Duration delay) {
        faults.slowResponses(delay);
        return this;
    }

    /** StartPipelineExecution answers ResourceLimitExceeded while {@code limit} executions are running. */
    public FakeSageMaker limitRunningExecutions(int limit) {
        synchronized (lock) {
            executions.runningLimit(limit);
        }
        return this;
    }

    /** The next UpdateEndpoint of this endpoint rolls back: it ends InService on its old config. */
    public FakeSageMaker rollBackNextUpdate(String endpointName) {
        return rollBackNextUpdate(endpointName, "Deployment was rolled back: an alarm of the AutoRollbackConfiguration"
                + " went into ALARM");
    }

    /** The same, leaving {@code reason} as the endpoint's FailureReason. */
    public FakeSageMaker rollBackNextUpdate(String endpointName, String reason) {
        return script(endpointName, new Endpoint.Script(Endpoint.Ending.ROLLS_BACK, reason));
    }

    /** The next change of this endpoint (its creation or an update) ends Failed with {@code reason}. */
    public FakeSageMaker failNextChange(String endpointName, String reason) {
        return script(endpointName, new Endpoint.Script(Endpoint.Ending.FAILS, reason));
    }

    /** The next UpdateEndpoint of this endpoint rolls back and the rollback fails: UpdateRollbackFailed. */
    public FakeSageMaker failRollbackOfNextUpdate(String endpointName, String reason) {
        return script(endpointName, new Endpoint.Script(Endpoint.Ending.ROLLBACK_FAILS, reason));
    }

    /** SageMaker's own maintenance: the endpoint, InService, goes SystemUpdating for one change's ticks. */
    public FakeSageMaker startSystemUpdate(String endpointName) {
        synchronized (lock) {
            endpoints.startSystemUpdate(endpointName);
        }
        return this;
    }

    /** Every endpoint change under way ends at its next tick, however many ticks it was to take. */
    public FakeSageMaker hurryEndpointChanges() {
        synchronized (lock) {
            endpoints.hurryAll();
        }
        return this;
    }

    /** The endpoint's status now, without the tick a DescribeEndpoint causes. */
    public String endpointStatus(String endpointName) {
        synchronized (lock) {
            return endpoints.status(endpointName);
        }
    }

    private FakeSageMaker script(String endpointName, Endpoint.Script script) {
        synchronized (lock) {
            endpoints.script(endpointName, script);
        }
        return this;
    }

    /** The requests that change something: every operation but Describe*, List* and Get*. */
    public List<RecordedRequest> writeRequests() {
        return requests().stream().filter(r -> !r.operation().matches("(Describe|List|Get|Search).*")).toList();
    }

    /** Every request received so far, in arrival order, including those answered with a fault. */
    public List<RecordedRequest> requests() {
        return handler.recorded();
    }

    public List<RecordedRequest> requests(String operation) {
        return requests().stream().filter(r -> r.operation().equals(operation)).toList();
    }

    /** Execution ids look like SageMaker's (12 lower-case letters and digits) and repeat run to run. */
    private static Supplier<String> executionIds() {
        Random random = new Random(20201201L);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return () -> {
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return id.toString();
        };
    }
}

package dev.mlops.aws;

import dev.mlops.Sleeper;
import dev.mlops.pipeline.RunOptions.AbortAction;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;

/**
 * What happens to a followed execution when the controller is interrupted (SIGINT, SIGTERM: a
 * Jenkins abort). While armed, a JVM shutdown hook runs {@link #onAbort()}: by default it stops
 * the execution (with a token, so two signals make one stop) and waits briefly to see it
 * Stopping; with {@code --on-abort leave} it only says how to follow it again. Either way it
 * says what it did, since the user aborting wants to know what is still running and costing.
 */
final class ExecutionGuard implements AutoCloseable {
    static final int STOP_CHECKS = 5;
    static final Duration STOP_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final SageMakerClient sageMaker;
    private final String executionArn;
    private final AbortAction action;
    private final Consumer<String> say;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Thread hook;

    ExecutionGuard(SageMakerClient sageMaker, String executionArn, AbortAction action, Consumer<String> say) {
        this.sageMaker = sageMaker;
        this.executionArn = executionArn;
        this.action = action;
        this.say = say;
    }

    /** How to wait between the checks for Stopping (tests wait not at all). */
    ExecutionGuard pausingWith(Sleeper value) {
        this.sleeper = value;
        return this;
    }

    /** Installs the shutdown hook until {@link #close()}. */
    synchronized ExecutionGuard arm() {
        if (hook == null) {
            hook = new Thread(this::onAbort, "mlops-abort-" + executionArn.substring(executionArn.lastIndexOf('/') + 1));
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return this;
    }

    /** Stops the execution, or leaves it running, per {@code --on-abort}; says which. */
    void onAbort() {
        if (action == AbortAction.LEAVE) {
            say.accept("mlops: interrupted; execution " + executionArn + " keeps running (--on-abort leave);"
                    + " follow it with: mlops build --attach " + executionArn);
            return;
        }
        say.accept("mlops: interrupted; stopping execution " + executionArn + " (use --on-abort leave to keep it running)");
        try {
            sageMaker.stopPipelineExecution(b -> b.pipelineExecutionArn(executionArn)
                    .clientRequestToken(ExecutionNames.stopToken(executionArn)));
        } catch (RuntimeException e) {
            say.accept("mlops: could not stop execution " + executionArn + " (" + reason(e) + "); stop it in the console"
                    + " or with: aws sagemaker stop-pipeline-execution --pipeline-execution-arn " + executionArn);
            return;
        }
        String state;
        try {
            state = awaitStopping();
        } catch (RuntimeException e) {
            // the JVM is going down around this hook; the stop request itself went through
            state = "being stopped";
        }
        say.accept("mlops: execution " + executionArn + " is " + state);
    }

    private static String reason(RuntimeException e) {
        return e instanceof SdkException sdk ? AwsErrors.summary(sdk) : String.valueOf(e.getMessage());
    }

    /** Removes the hook: the follow ended normally and there is nothing to guard. */
    @Override
    public synchronized void close() {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running; it finishes on its own
        }
        hook = null;
    }

    private String awaitStopping() {
        PipelineExecutionStatus status = PipelineExecutionStatus.EXECUTING;
        for (int i = 0; i < STOP_CHECKS; i++) {
            status = sageMaker.describePipelineExecution(b -> b.pipelineExecutionArn(executionArn))
                    .pipelineExecutionStatus();
            if (status != PipelineExecutionStatus.EXECUTING) {
                break;
            }
            try {
                sleeper.sleep(STOP_CHECK_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return status == PipelineExecutionStatus.EXECUTING ? "still Executing; SageMaker is stopping it"
                : status.toString();
    }
}

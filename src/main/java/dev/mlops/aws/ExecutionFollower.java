package dev.mlops.aws;

import dev.mlops.Polling;
import dev.mlops.Sleeper;
import dev.mlops.WorkFailedException;
import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.ExecutionStatus;
import dev.mlops.pipeline.StepResult;
import dev.mlops.pipeline.StepStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStep;

/**
 * Follows one execution until it ends or the controller's own deadline passes: each poll is
 * DescribePipelineExecution then every page of ListPipelineExecutionSteps; step transitions go
 * to the listener; the wait between polls backs off while nothing changes. A poll that fails
 * for a passing reason (throttling beyond the SDK's retries, a 5xx, a dropped connection) is
 * tried again; after many in a row the follow ends as "still running", since the execution
 * goes on whether or not this controller can see it.
 */
final class ExecutionFollower {
    static final int MAX_FAILED_POLLS = 10;

    /**
     * How the follow ended: the last answers seen (none if SageMaker never answered), and whether
     * it ended because this controller stopped waiting rather than because the execution ended.
     */
    record Outcome(String executionArn, Optional<DescribePipelineExecutionResponse> execution,
                   List<PipelineExecutionStep> steps, List<StepResult> results, Optional<String> stillRunningBecause) {
        ExecutionStatus status() {
            return execution.map(ExecutionFollower::status).orElse(ExecutionStatus.Executing);
        }
    }

    private final SageMakerClient sageMaker;
    private final Polling polling;
    private final Clock clock;
    private final Sleeper sleeper;

    ExecutionFollower(SageMakerClient sageMaker, Polling polling, Timing timing) {
        this.sageMaker = sageMaker;
        this.polling = polling;
        this.clock = timing.clock();
        this.sleeper = timing.sleeper();
    }

    Outcome follow(String executionArn, Optional<Instant> deadline, BuildListener listener) {
        Backoff backoff = new Backoff(polling, RandomGenerator.getDefault());
        Poll poll = new Poll(executionArn, new StepTracker(listener));
        while (true) {
            boolean changed = poll.once(listener);
            Instant now = clock.instant();
            if (poll.ended()) {
                return poll.outcome(now, Optional.empty());
            }
            if (poll.failedPolls >= MAX_FAILED_POLLS) {
                return poll.outcome(now, Optional.of("lost contact with SageMaker after " + poll.failedPolls
                        + " failed polls"));
            }
            if (deadline.isPresent() && !now.isBefore(deadline.get())) {
                return poll.outcome(now, Optional.of("--timeout expired"));
            }
            Duration wait = backoff.next(changed);
            sleep(deadline.map(d -> min(wait, Duration.between(now, d))).orElse(wait));
        }
    }

    /** What the polls of one follow have seen so far. */
    private final class Poll {
        private final String arn;
        private final StepTracker tracker;
        private DescribePipelineExecutionResponse execution;
        private List<PipelineExecutionStep> steps = List.of();
        private int failedPolls;

        Poll(String arn, StepTracker tracker) {
            this.arn = arn;
            this.tracker = tracker;
        }

        /** One poll; true if a step changed. */
        boolean once(BuildListener listener) {
            try {
                execution = describe(arn);
                steps = steps(arn);
                failedPolls = 0;
                return tracker.update(steps.stream().map(ExecutionFollower::snapshot).toList(), clock.instant());
            } catch (SdkException e) {
                if (!AwsErrors.isTransient(e)) {
                    throw AwsErrors.translate("follow execution " + arn, e);
                }
                failedPolls++;
                listener.info("SageMaker did not answer (" + AwsErrors.summary(e) + "); polling again");
                return false;
            }
        }

        boolean ended() {
            return execution != null && failedPolls == 0 && status(execution).isTerminal();
        }

        Outcome outcome(Instant now, Optional<String> stillRunningBecause) {
            return new Outcome(arn, Optional.ofNullable(execution), steps, tracker.results(now), stillRunningBecause);
        }
    }

    private DescribePipelineExecutionResponse describe(String executionArn) {
        return sageMaker.describePipelineExecution(b -> b.pipelineExecutionArn(executionArn));
    }

    /** Every step, oldest first. */
    private List<PipelineExecutionStep> steps(String executionArn) {
        return sageMaker.listPipelineExecutionStepsPaginator(b -> b.pipelineExecutionArn(executionArn)
                .sortOrder("Ascending")).pipelineExecutionSteps().stream().toList();
    }

    /** A status newer than this controller counts as not ended: following on is the safe side. */
    static ExecutionStatus status(DescribePipelineExecutionResponse execution) {
        try {
            return ExecutionStatus.valueOf(execution.pipelineExecutionStatusAsString());
        } catch (IllegalArgumentException | NullPointerException e) {
            return ExecutionStatus.Executing;
        }
    }

    static StepTracker.Snapshot snapshot(PipelineExecutionStep step) {
        StepStatus status;
        try {
            status = StepStatus.valueOf(step.stepStatusAsString());
        } catch (IllegalArgumentException | NullPointerException e) {
            status = StepStatus.Executing; // a status newer than this controller: not ended as far as it knows
        }
        Instant start = Optional.ofNullable(step.startTime()).orElse(Instant.EPOCH);
        return new StepTracker.Snapshot(step.stepName(), status, start, Optional.ofNullable(step.endTime()),
                Optional.ofNullable(step.failureReason()).filter(r -> !r.isBlank()));
    }

    private void sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkFailedException("cannot follow the execution: interrupted while waiting", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

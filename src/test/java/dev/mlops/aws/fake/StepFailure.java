package dev.mlops.aws.fake;

/** Ends a step as Failed; the message becomes the step's FailureReason. */
final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(String reason) {
        super(reason, null, false, false);
    }
}

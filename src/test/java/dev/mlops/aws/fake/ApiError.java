package dev.mlops.aws.fake;

/**
 * An error answered the way AWS JSON services answer it: an HTTP status plus a {@code __type}
 * code that the SDK maps to a modelled exception (or to {@code SageMakerException}) and to a
 * retry decision.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;

    ApiError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** SageMaker answers most "does not exist" questions with a ValidationException, not ResourceNotFound. */
    static ApiError validation(String message) {
        return new ApiError(400, "ValidationException", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(400, "ResourceNotFound", message);
    }

    static ApiError limitExceeded(String message) {
        return new ApiError(400, "ResourceLimitExceeded", message);
    }

    static ApiError conflict(String message) {
        return new ApiError(400, "ConflictException", message);
    }

    static ApiError throttling() {
        return new ApiError(400, "ThrottlingException", "Rate exceeded");
    }

    /** A server-side failure the SDK classifies as retryable (5xx). */
    static ApiError serverFailure(int status) {
        String type = status == 503 ? "ServiceUnavailable" : "InternalFailure";
        return new ApiError(status, type, "injected failure (HTTP " + status + ")");
    }

    /** The field names AWS puts in its "1 validation error detected" messages are lowerCamel. */
    static ApiError missing(String field) {
        String member = Character.toLowerCase(field.charAt(0)) + field.substring(1);
        return validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }
}

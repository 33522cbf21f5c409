package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.MlopsException;
import dev.mlops.WorkFailedException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates SDK exceptions into the errors users see, at the boundary of the aws package:
 * "cannot VERB OBJECT: CODE: AWS's message", never the raw response or a stack trace. Missing
 * credentials and refused permissions are set-up problems (exit 2); the rest is failed work.
 */
final class AwsErrors {
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
            "SignatureDoesNotMatch");
    private static final int MAX_MESSAGE = 300;

    private AwsErrors() {
    }

    /**
     * SageMaker answers most "no such thing" questions with a ValidationException ("... does not exist",
     * "Could not find endpoint ..."), some with ResourceNotFound.
     */
    static boolean isNotFound(SdkException e) {
        if (!(e instanceof AwsServiceException service) || service.awsErrorDetails() == null) {
            return false;
        }
        String code = service.awsErrorDetails().errorCode();
        String message = String.valueOf(service.awsErrorDetails().errorMessage()).toLowerCase(Locale.ROOT);
        return "ResourceNotFound".equals(code) || "NoSuchKey".equals(code) || "NoSuchBucket".equals(code)
                || ("ValidationException".equals(code) && (message.contains("does not exist") || message.contains("not found")
                || message.contains("could not find")));
    }

    static boolean isAlreadyExists(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && alreadyThere(String.valueOf(service.awsErrorDetails().errorMessage()).toLowerCase(Locale.ROOT));
    }

    /** "... already exists" (registry, pipelines) or SageMaker's "Cannot create already existing model ..." (endpoints). */
    private static boolean alreadyThere(String message) {
        return message.contains("already exists") || message.contains("already existing");
    }

    static boolean isDenied(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && DENIED.contains(service.awsErrorDetails().errorCode());
    }

    /** Whether trying again later may succeed: throttling, 5xx, I/O, time-outs (the SDK already retried). */
    static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException && !isCredentialsProblem(e);
    }

    static MlopsException translate(String action, SdkException e) {
        if (isCredentialsProblem(e)) {
            return new InputException("cannot " + action + ": no AWS credentials found; use --profile, --role-arn,"
                    + " AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", e);
        }
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String why = summary(e);
            return DENIED.contains(service.awsErrorDetails().errorCode())
                    ? new InputException("cannot " + action + ": " + why + " (check the IAM policy in the README, section Running on AWS)", e)
                    : new WorkFailedException("cannot " + action + ": " + why, e);
        }
        return new WorkFailedException("cannot " + action + ": " + shorten(e.getMessage()), e);
    }

    /** "CODE: message" of a service error, else the client error's message; short and on one line. */
    static String summary(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + shorten(service.awsErrorDetails().errorMessage());
        }
        return shorten(e.getMessage());
    }

    private static boolean isCredentialsProblem(SdkException e) {
        return e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials");
    }

    private static String shorten(String message) {
        String text = message == null ? "(no message)" : message.replaceAll("\\s+", " ").trim();
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }
}

package dev.mlops.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Maps a failed {@code InvokeEndpoint} to the API's answer: the model refusing a record is the
 * caller's 400 (with the model's message); an endpoint not in service yet is 503; anything else
 * (no such endpoint, runtime unreachable, model crash) is a 502, since the caller did nothing wrong.
 */
final class EndpointErrors {
    private EndpointErrors() {
    }

    static APIGatewayV2HTTPResponse toResponse(String endpointName, SdkException e) {
        String endpoint = "endpoint '" + endpointName + "'";
        if (e instanceof ModelErrorException model) {
            int status = Optional.ofNullable(model.originalStatusCode()).orElse(0);
            if (status >= 400 && status < 500) {
                return ApiResponses.error(400, Optional.ofNullable(model.originalMessage()).orElse(message(e)));
            }
            return ApiResponses.error(502, "cannot score: the model behind " + endpoint + " failed (status "
                    + status + ")");
        }
        if (e instanceof ServiceUnavailableException || e instanceof ModelNotReadyException) {
            return ApiResponses.error(503, "cannot score: " + endpoint + " is not in service yet; try again shortly");
        }
        if (e instanceof ValidationErrorException && isNotFound((AwsServiceException) e)) {
            return ApiResponses.error(502, "cannot score: " + endpoint + " does not exist; the API is wired to a"
                    + " missing endpoint");
        }
        if (e instanceof AwsServiceException service) {
            String code = Optional.ofNullable(service.awsErrorDetails()).map(d -> d.errorCode()).orElse("an error");
            return ApiResponses.error(502, "cannot score: " + endpoint + " failed with " + code
                    + " (status " + service.statusCode() + ")");
        }
        return ApiResponses.error(502, "cannot score: cannot reach the SageMaker runtime for " + endpoint);
    }

    private static boolean isNotFound(AwsServiceException e) {
        return e.statusCode() == 404 || message(e).toLowerCase(Locale.ROOT).contains("not found");
    }

    private static String message(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return Optional.ofNullable(e.getMessage()).orElse("");
    }
}

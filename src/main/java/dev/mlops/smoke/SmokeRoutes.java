package dev.mlops.smoke;

import dev.mlops.InputException;
import dev.mlops.spec.EnvironmentSpec;
import dev.mlops.spec.EnvironmentSpec.Api;
import dev.mlops.spec.EnvironmentSpec.Auth;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a smoke run goes and how: the environment's own API (or a --url), over HTTP with the API's
 * authorisation (an API key from an environment variable, a SigV4 signature from the backend), or
 * the endpoint itself with --direct. The API's authorisation is only ever sent to the API's own
 * host: a --url elsewhere never receives the key.
 */
final class SmokeRoutes {
    private final SmokeAccess access;
    private final EnvironmentApis apis;
    private final Function<String, Optional<String>> secrets;

    /** The URL a run calls, how it calls it, and whether that is the environment's own API. */
    record Route(URI url, SmokeTransport transport, boolean environmentApi) {
    }

    /** {@code secrets} reads an environment variable by name (where the API key is). */
    SmokeRoutes(SmokeAccess access, EnvironmentApis apis, Function<String, Optional<String>> secrets) {
        this.access = access;
        this.apis = apis;
        this.secrets = secrets;
    }

    Route resolve(EnvironmentSmoke.Request request, EnvironmentSpec spec, Duration timeout) {
        if (request.direct()) {
            return direct(request, spec, timeout);
        }
        Optional<URI> own = apis.configured(spec);
        URI url = request.url().map(SmokeRun::parseUrl).or(() -> own).orElseThrow(() -> new InputException(
                "cannot smoke-test " + spec.name() + ": no --url given and " + spec.file() + " names no api.url"
                        + apis.unconfiguredHint()));
        boolean ownApi = own.filter(o -> EnvironmentApis.same(o, url)).isPresent();
        Optional<Api> api = spec.api().filter(a -> sameHost(URI.create(a.url()), url));
        List<RequestDecorator> decorators = new ArrayList<>();
        api.flatMap(Api::apiKeyEnv).ifPresent(variable -> decorators.add(new ApiKeyHeader(apiKey(spec, variable))));
        if (api.map(Api::auth).filter(Auth.IAM::equals).isPresent()) {
            decorators.add(access.iamSigner().orElseThrow(() -> new InputException("cannot sign requests to "
                    + spec.name() + "'s API (api.auth: iam in " + spec.file() + "): this backend has no AWS credentials;"
                    + " run with --backend aws")));
        }
        return new Route(url, new SmokeHttp(timeout, decorators, refusalHint(spec, api)), ownApi);
    }

    private Route direct(EnvironmentSmoke.Request request, EnvironmentSpec spec, Duration timeout) {
        if (request.url().isPresent()) {
            throw new InputException("cannot smoke-test " + spec.name() + ": --direct invokes the endpoint itself and"
                    + " --url calls an API; give one or the other");
        }
        SmokeAccess.Direct direct = access.direct(spec.endpoint().name(), timeout).orElseThrow(() -> new InputException(
                "cannot smoke-test " + spec.name() + " with --direct: this backend cannot invoke a SageMaker endpoint;"
                        + " run with --backend aws"));
        return new Route(direct.url(), direct.transport(), false);
    }

    private String apiKey(EnvironmentSpec spec, String variable) {
        return secrets.apply(variable).map(String::strip).filter(k -> !k.isEmpty()).orElseThrow(() -> new InputException(
                "cannot smoke-test " + spec.name() + ": api.api_key_env in " + spec.file() + " names the environment"
                        + " variable " + variable + ", which is not set; set it to the API key (in Jenkins, from a"
                        + " credential)"));
    }

    private static String refusalHint(EnvironmentSpec spec, Optional<Api> api) {
        List<String> sent = new ArrayList<>();
        api.flatMap(Api::apiKeyEnv).ifPresent(v -> sent.add("the API key from " + v));
        api.map(Api::auth).filter(Auth.IAM::equals).ifPresent(a -> sent.add("a SigV4 signature (execute-api) made"
                + " with the AWS settings' credentials and region"));
        if (sent.isEmpty()) {
            return "the API refused an unauthorised request; if it is IAM-authorised set api.auth: iam, if it needs an"
                    + " API key set api.api_key_env, in " + spec.file();
        }
        return "the API refused the request sent with " + String.join(" and ", sent) + "; check that the key is"
                + " the API's, that the credentials may execute-api:Invoke it and the region is the API's ("
                + spec.file() + ")";
    }

    private static boolean sameHost(URI a, URI b) {
        return String.valueOf(a.getHost()).toLowerCase(Locale.ROOT).equals(String.valueOf(b.getHost()).toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}

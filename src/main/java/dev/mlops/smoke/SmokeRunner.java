package dev.mlops.smoke;

import dev.mlops.WorkFailedException;
import dev.mlops.smoke.CaseResult.Answerer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs every case of a suite, in order, against one environment's API and reports each one.
 * A failed case is never retried: a smoke test that passes on the second try hides a flaky API.
 * When the API cannot be reached at all, the cases left are reported as not run rather than each
 * waiting for its own time-out.
 */
public final class SmokeRunner {
    private final Clock clock;

    public SmokeRunner(Clock clock) {
        this.clock = clock;
    }

    /** Runs the suite over plain HTTP, as the local API and any open API take it. */
    public SmokeReport run(SmokeRun run) {
        return run(run, new SmokeHttp(timeout(run.suite())));
    }

    /** Runs the suite through {@code transport} (signed HTTP, an API key, or the endpoint invoked directly). */
    public SmokeReport run(SmokeRun run, SmokeTransport http) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        List<CaseResult> results = new ArrayList<>();
        Optional<String> unreachable = Optional.empty();
        for (SmokeCase smokeCase : run.suite().cases()) {
            if (unreachable.isPresent()) {
                results.add(notRun(smokeCase, "not run: " + unreachable.get()));
                continue;
            }
            Outcome outcome = runCase(http, run, smokeCase);
            results.add(outcome.result());
            unreachable = outcome.unreachable();
        }
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        return new SmokeReport(run.suite().name(), run.env(), SmokeRun.safe(run.baseUrl()), run.version(), startedAt,
                durationMs, results);
    }

    /** A case's result and, when the API could not be reached at all, why. */
    private record Outcome(CaseResult result, Optional<String> unreachable) {
    }

    /** The time-out of each case's whole exchange. */
    public static Duration timeout(SmokeSuite suite) {
        return Duration.ofMillis(suite.defaults().timeoutMs());
    }

    private Outcome runCase(SmokeTransport http, SmokeRun run, SmokeCase smokeCase) {
        Excerpts excerpts = Excerpts.maskingHeaders(smokeCase.request().headers(), http.secrets());
        URI target = run.target(smokeCase.request());
        long start = System.nanoTime();
        try {
            HttpAnswer answer = http.send(target, smokeCase.request());
            List<ExpectationFailure> failures = new ArrayList<>(new AnswerChecks(excerpts).check(smokeCase.expect(), answer));
            refused(smokeCase, answer, http).ifPresent(failures::add);
            return new Outcome(new CaseResult(smokeCase.name(), OptionalInt.of(answer.status()), answer.latencyMs(),
                    failures, Optional.empty(), excerpts.of(answer.body()), answerer(answer)), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkFailedException("cannot run smoke suite " + run.suite().name() + ": interrupted");
        } catch (IOException | UnresolvedAddressException e) {
            long latencyMs = (System.nanoTime() - start) / 1_000_000;
            String where = SmokeRun.safe(target);
            Optional<String> unreachable = unreachable(e, run, where);
            String error = unreachable.orElseGet(() -> callFailure(e, run, where));
            return new Outcome(new CaseResult(smokeCase.name(), OptionalInt.empty(), latencyMs, List.of(),
                    Optional.of(error), "", Answerer.NONE), unreachable);
        }
    }

    /** Why an answer the suite did not expect to be a refusal was one: the user needs a hint, not just "403". */
    private static Optional<ExpectationFailure> refused(SmokeCase smokeCase, HttpAnswer answer, SmokeTransport http) {
        boolean refused = answer.status() == 401 || answer.status() == 403;
        return refused && smokeCase.expect().status() != answer.status()
                ? Optional.of(new ExpectationFailure("access", "the API to accept the request", http.refusalHint()))
                : Optional.empty();
    }

    private static CaseResult notRun(SmokeCase smokeCase, String why) {
        return new CaseResult(smokeCase.name(), OptionalInt.empty(), 0, List.of(), Optional.of(why), "", Answerer.NONE);
    }

    /** Who the answer says produced it; header values are cut and cleaned, as they come from the network. */
    private static Answerer answerer(HttpAnswer answer) {
        Optional<String> variant = answer.header(Answerer.VARIANT_HEADER)
                .or(() -> answer.header(Answerer.SAGEMAKER_VARIANT_HEADER));
        return new Answerer(answer.header(Answerer.ENDPOINT_HEADER).map(SmokeRunner::clean), variant.map(SmokeRunner::clean));
    }

    private static String clean(String value) {
        return Excerpts.cut(Excerpts.escape(value.strip()), 100);
    }

    /** Why the API cannot be reached at all, when that is the problem. */
    private static Optional<String> unreachable(Exception e, SmokeRun run, String where) {
        String api = "cannot reach the " + run.env() + " API at " + where + ": ";
        if (e instanceof HttpConnectTimeoutException) {
            return Optional.of(api + "no connection within " + run.suite().defaults().timeoutMs() + " ms" + hint(run.baseUrl()));
        }
        if (e instanceof UnresolvedAddressException || e.getCause() instanceof UnresolvedAddressException
                || e instanceof UnknownHostException) {
            return Optional.of(api + "unknown host '" + run.baseUrl().getHost() + "'; check the URL");
        }
        if (e instanceof ConnectException) {
            return Optional.of(api + "connection refused" + hint(run.baseUrl()));
        }
        return Optional.empty();
    }

    private static String callFailure(Exception e, SmokeRun run, String where) {
        if (e instanceof HttpTimeoutException) {
            return "cannot call " + where + ": no answer within " + run.suite().defaults().timeoutMs() + " ms (timeout_ms)";
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName()
                : Excerpts.cut(Excerpts.escape(e.getMessage()), 200);
        return "cannot call " + where + ": " + detail;
    }

    private static String hint(URI url) {
        if (isLocal(url.getHost())) {
            return "; is the local API running? Start it with `mlops serve`"
                    + (url.getPort() > 0 ? " (port " + url.getPort() + ")" : "");
        }
        return "; is the API deployed and the URL right?";
    }

    private static boolean isLocal(String host) {
        try {
            return host.equalsIgnoreCase("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

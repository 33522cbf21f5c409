package dev.mlops.smoke;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks an answer against a case's expectations and lists every one it does not meet. */
final class AnswerChecks {
    private final Excerpts excerpts;

    AnswerChecks(Excerpts excerpts) {
        this.excerpts = excerpts;
    }

    List<ExpectationFailure> check(SmokeExpectations expect, HttpAnswer answer) {
        List<ExpectationFailure> failures = new ArrayList<>();
        if (answer.status() != expect.status()) {
            failures.add(new ExpectationFailure("status", String.valueOf(expect.status()), String.valueOf(answer.status())));
        }
        expect.contentType().ifPresent(prefix -> contentType(prefix, answer, failures));
        expect.headers().forEach((name, value) -> header(name, value, answer, failures));
        for (String text : expect.bodyContains()) {
            if (!answer.body().contains(text)) {
                failures.add(new ExpectationFailure("body", "to contain " + excerpts.quoted(text),
                        answer.body().isEmpty() ? "an empty body" : excerpts.quoted(answer.body())));
            }
        }
        expect.predictions().ifPresent(p -> failures.addAll(new PredictionChecks(p, excerpts).check(answer.body())));
        expect.maxLatencyMs().ifPresent(budget -> {
            if (answer.latencyMs() > budget) {
                failures.add(new ExpectationFailure("latency", "<= " + budget + " ms", answer.latencyMs() + " ms"));
            }
        });
        return List.copyOf(failures);
    }

    private void contentType(String prefix, HttpAnswer answer, List<ExpectationFailure> failures) {
        String actual = answer.header("content-type").orElse("");
        if (!actual.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
            failures.add(new ExpectationFailure("content_type", "to start with " + excerpts.quoted(prefix),
                    actual.isEmpty() ? "no Content-Type header" : excerpts.quoted(actual)));
        }
    }

    private void header(String name, String value, HttpAnswer answer, List<ExpectationFailure> failures) {
        String check = "headers." + name;
        answer.header(name).ifPresentOrElse(actual -> {
            if (!actual.trim().equals(value)) {
                failures.add(new ExpectationFailure(check, excerpts.quoted(value), excerpts.quoted(actual)));
            }
        }, () -> failures.add(new ExpectationFailure(check, excerpts.quoted(value), "no such header")));
    }
}

package dev.mlops.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmokeRunTest {
    private static final SmokeSuite SUITE = SmokeRunnerTest.parse("name: s\ncases: [{name: a, request: {}}]\n");

    @Test
    void aCasePathIsAppendedToTheBaseUrlAndQueriesAreMerged() {
        assertEquals("https://abc.execute-api.us-east-1.amazonaws.com/default/endtoendmllambdafunction",
                target("https://abc.execute-api.us-east-1.amazonaws.com/default/endtoendmllambdafunction", ""));
        assertEquals("http://127.0.0.1:8080/api/staging/predict/v2", target("http://127.0.0.1:8080/api/staging/predict/", "/v2"));
        assertEquals("http://h/a/b?code=k&x=1", target("http://h/a?code=k#top", "/b?x=1"));
        assertEquals("http://h/a?x=1", target("http://h/a", "?x=1"));
        assertEquals("http://h/a?code=k", target("http://h/a?code=k", ""));
    }

    @Test
    void safeUrlDropsCredentialsAndQueryValues() {
        assertEquals("https://h:8443/p?...", SmokeRun.safe(URI.create("https://me:secret@h:8443/p?key=v#f")));
        assertEquals("http://h", SmokeRun.safe(URI.create("http://h")));
    }

    private static String target(String base, String path) {
        return new SmokeRun(SUITE, "staging", URI.create(base), Optional.empty())
                .target(new SmokeRequest("POST", path, Map.of(), "")).toString();
    }
}

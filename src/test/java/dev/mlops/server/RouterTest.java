package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The routes' path parameters, read without a regex, agree with the patterns they replaced. */
class RouterTest {
    private static final Pattern INVOCATIONS = Pattern.compile("^/endpoints/([^/]+)/invocations/?$");
    private static final Pattern API = Pattern.compile("^/api/([^/]+)/predict/?$");

    @Test
    void segmentsAgreeWithTheRoutePatterns() {
        List<String> paths = new ArrayList<>(List.of("/endpoints/a/invocations", "/endpoints/a/invocations/",
                "/endpoints//invocations", "/endpoints/invocations", "/endpoints/a/b/invocations",
                "/endpoints/a/invocations//", "/api/staging/predict", "/api/prod/predict/", "/api//predict",
                "/api/predict", "/", "", "/endpoints/", "/api/", "/endpoints/x/invocationsx", "x/api/a/predict",
                "/api/a%2Fb/predict", "/endpoints/../invocations"));
        long seed = 20261206L;
        Random random = new Random(seed);
        String[] parts = {"/", "api", "endpoints", "predict", "invocations", "a", "", "%2F", "."};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder();
            for (int j = random.nextInt(7); j >= 0; j--) {
                path.append(parts[random.nextInt(parts.length)]);
            }
            paths.add(path.toString());
        }
        for (String path : paths) {
            assertEquals(group(INVOCATIONS, path), Router.segment(path, "/endpoints/", "/invocations"),
                    path + " (seed " + seed + ")");
            assertEquals(group(API, path), Router.segment(path, "/api/", "/predict"), path + " (seed " + seed + ")");
        }
    }

    private static Optional<String> group(Pattern pattern, String path) {
        Matcher matcher = pattern.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}

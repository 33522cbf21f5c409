package dev.mlops.smoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link SmokeReport} as {@code smoke-<env>.json} for scripts and the Jenkins library
 * ({@code readJSON}). {@code failures} counts every case that did not pass, so {@code passed} is
 * {@code failures == 0}; {@code errors} counts those of them that got no answer.
 */
public final class JsonSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSummary() {
    }

    /** The file name for an environment: {@code smoke-<env>.json}. */
    public static String fileName(String env) {
        return "smoke-" + env + ".json";
    }

    /** Writes {@code smoke-<env>.json} into {@code dir} and returns its path. */
    public static Path write(SmokeReport report, Path dir) {
        return ReportFiles.write(dir.resolve(fileName(report.env())), render(report));
    }

    public static String render(SmokeReport report) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("suite", report.suiteName());
        summary.put("env", report.env());
        summary.put("version", report.version().orElse(null));
        summary.put("url", report.baseUrl());
        summary.put("passed", report.passed());
        summary.put("tests", report.tests());
        summary.put("failures", report.failed());
        summary.put("errors", report.errors());
        summary.put("started_at", report.startedAt().toString());
        summary.put("duration_ms", report.durationMs());
        summary.put("cases", report.cases().stream().map(JsonSummary::caseSummary).toList());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write smoke summary: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> caseSummary(CaseResult result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", result.name());
        summary.put("passed", result.passed());
        summary.put("status", result.status().isPresent() ? result.status().getAsInt() : null);
        summary.put("latency_ms", result.latencyMs());
        summary.put("variant", result.answerer().variant().orElse(null));
        List<String> problems = result.problems();
        summary.put("failures", problems);
        return summary;
    }
}

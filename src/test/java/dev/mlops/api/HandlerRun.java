package dev.mlops.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One cold invocation of the handler in a fresh JVM on a given classpath, as Lambda's Java 17 and 21
 * runtimes would make it: C1 only and the serial collector (their defaults), the
 * function's environment (endpoint name, region, credentials as variables, no AWS config files),
 * the SageMaker Runtime at {@code runtimeUrl}. The wall time runs from starting the process to
 * reading the answer: a local proxy for Lambda's cold start, not a measurement of it.
 */
record HandlerRun(int status, Map<String, String> headers, String body, long wallMs, long initMs, long invokeMs) {
    static final String HANDLER = "dev.mlops.api.PredictFunction::handleRequest";

    static HandlerRun invoke(String classpath, Path driverDir, String endpointName, URI runtimeUrl, List<String> request)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classpath + java.io.File.pathSeparator + driverDir,
                ColdStartDriver.class.getName(), HANDLER));
        command.addAll(request);
        Path errors = Files.createTempFile("handler-run", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put(PredictFunction.ENDPOINT_NAME_VARIABLE, endpointName);
        env.put(PredictFunction.RUNTIME_URL_VARIABLE, runtimeUrl.toString());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        env.put("AWS_SESSION_TOKEN", "session-token-example");
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        long start = System.nanoTime();
        Process process = builder.start();
        Map<String, String> values = new LinkedHashMap<>();
        long answered = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("end")) {
                    answered = System.nanoTime();
                    break;
                }
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        String stderr = Files.readString(errors);
        Files.delete(errors);
        if (answered == 0) {
            throw new IllegalStateException("cannot invoke the handler on " + classpath + ": the JVM exited "
                    + process.exitValue() + " without an answer; its output: " + values + "; its errors: " + stderr);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("header.")) {
                headers.put(k.substring("header.".length()), v);
            }
        });
        return new HandlerRun(Integer.parseInt(values.get("status")), headers,
                values.get("body").replace("\\n", "\n").replace("\\\\", "\\"), (answered - start) / 1_000_000,
                Long.parseLong(values.get("init_ms")), Long.parseLong(values.get("invoke_ms")));
    }
}

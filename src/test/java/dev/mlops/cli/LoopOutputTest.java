package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loop modes and --version print exactly one JSON object per line with --output json (NDJSON). */
class LoopOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    @Test
    void watchApprovalsPrintsOneJsonObjectPerPass() throws Exception {
        List<String> lines = loop("watch-approvals", "--group", DeployJourneyTest.GROUP, "--interval", "20ms");
        for (String line : lines) {
            JsonNode pass = JSON.readTree(line);
            assertEquals(DeployJourneyTest.GROUP, pass.get("group").asText(), line);
            assertEquals("staging", pass.get("env").asText(), line);
        }
    }

    @Test
    void reconcileLoopPrintsOneJsonObjectPerPass() throws Exception {
        List<String> lines = loop("reconcile", "--env", "staging", "--every", "20ms");
        for (String line : lines) {
            JsonNode pass = JSON.readTree(line);
            assertEquals("staging", pass.get("env").asText(), line);
            assertEquals("NothingDesired", pass.get("reason").asText(), line);
        }
    }

    @Test
    void aZeroOrNegativeIntervalIsRefused() {
        for (String[] args : List.of(new String[] {"reconcile", "--env", "staging", "--every", "0s"},
                new String[] {"watch-approvals", "--group", "g", "--interval", "0ms"},
                new String[] {"watch-approvals", "--group", "g", "--interval", "-5s"})) {
            CliRun run = CliRun.json(state, args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().contains(args[args.length - 2]), String.join(" ", args) + ": " + run.err());
            assertTrue(run.err().contains(args[args.length - 1].startsWith("-") ? "cannot parse duration '-5s'"
                    : "the interval must be longer than 0"), String.join(" ", args) + ": " + run.err());
        }
    }

    @Test
    void versionIsOneJsonLine() throws Exception {
        CliRun run = CliRun.of("--output", "json", "--version");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(1, lines.size(), run.out());
        JsonNode version = JSON.readTree(lines.get(0));
        assertTrue(version.has("version") && version.has("java"), run.out());
    }

    /** Runs a loop until it printed three lines, then stops it as a person would (an interrupt). */
    private List<String> loop(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] command = Stream.concat(Stream.of("--state-dir", state.toString(), "--output", "json"),
                Arrays.stream(args)).toArray(String[]::new);
        Thread loop = new Thread(() -> Main.run(command, new PrintWriter(out, true), new PrintWriter(err, true)));
        loop.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (completeLines(out).size() < 3 && loop.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        loop.interrupt();
        loop.join(Duration.ofMinutes(1).toMillis());
        List<String> lines = completeLines(out);
        assertTrue(lines.size() >= 3, "three passes, one line each: " + out + err);
        return lines;
    }

    /** The lines ended so far; the loop may be writing the next one. */
    private static List<String> completeLines(StringWriter out) {
        String text = out.toString();
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    }


}

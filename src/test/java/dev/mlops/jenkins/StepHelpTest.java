package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every step in vars/ has a help page (vars/NAME.txt, shown by Jenkins under Pipeline Syntax →
 * Global Variables Reference) whose "Parameters" section names exactly the parameters the step
 * accepts, read from the step's own PARAMETERS declaration.
 */
class StepHelpTest {
    private static final Pattern PARAMETER_LINE = Pattern.compile("^  (\\w+)(\\s|$)");
    private static final Path VARS = PipelineHarness.PROJECT.resolve("vars");

    @TempDir
    Path dir;

    @Test
    void everyStepHasAHelpPageNamingExactlyItsParameters() throws Exception {
        PipelineHarness jenkins = new PipelineHarness(dir, (script, cwd, env) -> {
            throw new AssertionError("no step runs here");
        });
        jenkins.runSnippet("return null");
        List<String> steps = steps();
        assertTrue(steps.size() >= 9, steps.toString());
        List<Executable> checks = new ArrayList<>();
        for (String step : steps) {
            Path help = VARS.resolve(step + ".txt");
            checks.add(() -> assertTrue(Files.exists(help), "missing " + help));
            if (Files.exists(help)) {
                String text = Files.readString(help);
                Set<String> declared = declared(jenkins.step(step));
                checks.add(() -> assertEquals(declared, documented(text), step + ".txt"));
                checks.add(() -> assertTrue(text.contains("\nReturns:") && text.contains("\nExample:"), step + ".txt"));
            }
        }
        assertAll(checks);
    }

    private static List<String> steps() throws IOException {
        try (Stream<Path> files = Files.list(VARS)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".groovy"))
                    .map(name -> name.substring(0, name.length() - ".groovy".length())).sorted().toList();
        }
    }

    private static Set<String> declared(Object step) throws ReflectiveOperationException {
        Field field = step.getClass().getDeclaredField("PARAMETERS");
        field.setAccessible(true);
        Set<String> names = new TreeSet<>();
        ((Map<?, ?>) field.get(null)).keySet().forEach(name -> names.add(name.toString()));
        return names;
    }

    /** The names at two-space indent in the block that starts with a "Parameters" line. */
    static Set<String> documented(String help) {
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : help.split("\n")) {
            if (line.startsWith("Parameters")) {
                inSection = true;
            } else if (inSection && !line.isBlank() && !line.startsWith(" ")) {
                break;
            } else if (inSection) {
                Matcher matcher = PARAMETER_LINE.matcher(line);
                if (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }
}

package dev.mlops.pipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.data.Ai4iGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between the definition and the {@code model-build/} scripts: the flags each job
 * passes are flags its script declares, and preprocess.py, run with exactly the arguments of its
 * step in a folder laid out as SageMaker lays out {@code /opt/ml/processing}, writes what the
 * Train, Evaluate and Register steps read. Skipped where the scripts or python3 with numpy and scikit-learn are absent.
 */
class ScriptContractTest {
    private static final Path SCRIPTS = Path.of("model-build");
    private static final Pattern FLAG = Pattern.compile("add_argument\\(\\s*\"(--[a-z-]+)\"");

    @TempDir
    Path root;

    @Test
    void everyFlagAJobPassesIsOneItsScriptDeclares() {
        JsonNode definition = Definitions.compile(Definitions.shipped());
        for (String step : List.of(Names.PREPROCESS, Names.EVALUATE)) {
            JsonNode app = Definitions.step(definition, step).path("Arguments").path("AppSpecification");
            Path script = SCRIPTS.resolve(Path.of(app.path("ContainerEntrypoint").get(1).asText()).getFileName());
            Assumptions.assumeTrue(Files.isRegularFile(script), "skipped: " + script + " is not in this checkout");
            Set<String> declared = new TreeSet<>();
            Matcher m = FLAG.matcher(Definitions.read(script));
            while (m.find()) {
                declared.add(m.group(1));
            }
            app.path("ContainerArguments").forEach(a -> assertTrue(!a.asText().startsWith("--") || declared.contains(a.asText()),
                    step + " passes " + a.asText() + " but " + script + " declares only " + declared));
        }
    }

    @Test
    void preprocessRunsWithItsStepsArgumentsAndWritesWhatTheLaterStepsRead() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPTS.resolve("preprocess.py")), "skipped: model-build/ is not in this checkout");
        // the scikit-learn container's python3: Debian's (CI installs scikit-learn there), else the PATH's
        String python = "";
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            if (python.isEmpty() && run(List.of(candidate, "-c", "import numpy, sklearn")).exitCode() == 0) {
                python = candidate;
            }
        }
        Assumptions.assumeFalse(python.isEmpty(), "skipped: no python3 with numpy and scikit-learn");
        CompiledPipeline compiled = PipelineCompiler.definition(Definitions.shipped(), Definitions.options());
        Path code = Files.createDirectories(root.resolve("input/code"));
        for (CodeUpload upload : compiled.uploads()) {
            if (upload.generatedContent().isPresent()) {
                Files.writeString(code.resolve(upload.name()), upload.generatedContent().get());
            } else {
                Files.copy(Path.of(upload.repositoryPath().orElseThrow()), code.resolve(upload.name()));
            }
        }
        Ai4iGenerator.write(new Ai4iGenerator.Request(2_000, 42), Files.createDirectories(root.resolve("input/data")).resolve("ai4i.csv"));
        JsonNode definition = Definitions.tree(compiled.definition());
        JsonNode app = Definitions.step(definition, Names.PREPROCESS).path("Arguments").path("AppSpecification");
        List<String> arguments = new ArrayList<>();
        app.path("ContainerArguments").forEach(a -> arguments.add(a.asText()));
        Definitions.step(definition, Names.PREPROCESS).path("Arguments").path("ProcessingOutputConfig").path("Outputs")
                .forEach(o -> assertTrue(arguments.contains(o.path("S3Output").path("LocalPath").asText()),
                        "the script must be told where " + o.path("OutputName").asText() + " goes, not default to /opt/ml"));
        List<String> command = new ArrayList<>();
        String interpreter = python;
        app.path("ContainerEntrypoint").forEach(a -> command.add(a.asText().equals("python3") ? interpreter : local(a.asText())));
        app.path("ContainerArguments").forEach(a -> command.add(local(resolve(a, defaults(definition)))));
        Result result = run(command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result.output());
        for (String split : List.of("train", "validation", "test")) {
            String first = Files.readAllLines(root.resolve(split).resolve(split + ".csv")).get(0);
            // 5 numeric columns, 3 derived features, 3 one-hot columns of Type
            assertTrue(first.matches("[01](,-?[0-9.E-]+){11}"), split + ": label first, then 11 features: " + first);
        }
        Result archive = run(List.of("python3", "-c", "import sys, tarfile; print(sorted(tarfile.open(sys.argv[1]).getnames()))",
                root.resolve("model").resolve(Names.FEATURIZER_ARCHIVE).toString()));
        assertEquals("['code/inference.py', 'featurizer.json']", archive.output().trim(),
                "the featurizer's model data must carry the serving code SAGEMAKER_SUBMIT_DIRECTORY points to");
    }

    /** A container path as it sits in the stand-in folder. */
    private String local(String path) {
        return path.startsWith(Names.PROCESSING) ? root + path.substring(Names.PROCESSING.length()) : path;
    }

    private static Map<String, String> defaults(JsonNode definition) {
        Map<String, String> values = new HashMap<>();
        definition.path("Parameters").forEach(p -> values.put(p.path("Name").asText(), p.path("DefaultValue").asText()));
        return values;
    }

    /** A container argument as SageMaker passes it when an execution keeps the parameter defaults. */
    private static String resolve(JsonNode argument, Map<String, String> parameters) {
        if (argument.has("Get")) {
            return parameters.get(argument.get("Get").asText().substring("Parameters.".length()));
        }
        if (argument.has("Std:Join")) {
            List<String> parts = new ArrayList<>();
            argument.get("Std:Join").get("Values").forEach(v -> parts.add(resolve(v, parameters)));
            return String.join(argument.get("Std:Join").get("On").asText(), parts);
        }
        return argument.asText();
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, "timed out\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}

package dev.mlops.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.ml.CsvRecords;
import dev.mlops.ml.Featurizer;
import dev.mlops.ml.RecordException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The local endpoint accepts and refuses exactly the request bodies the featurizer container does:
 * {@code model-build/inference.py}'s input_fn and predict_fn under /usr/bin/python3, on a corpus of
 * edge cases (number forms, whitespace and control characters, quoting, line endings).
 */
class RecordParsingParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FEATURIZER = "{\"format\":\"mlops-featurizer/v1\",\"inputs\":[{\"name\":\"Type\",\"numeric\":false},"
            + "{\"name\":\"a\",\"numeric\":true},{\"name\":\"b\",\"numeric\":true},{\"name\":\"c\",\"numeric\":true},"
            + "{\"name\":\"d\",\"numeric\":true},{\"name\":\"e\",\"numeric\":true}],\"numeric\":[{\"name\":\"a\",\"mean\":0,\"scale\":1},"
            + "{\"name\":\"b\",\"mean\":0,\"scale\":1},{\"name\":\"c\",\"mean\":0,\"scale\":1},{\"name\":\"d\",\"mean\":0,\"scale\":1},"
            + "{\"name\":\"e\",\"mean\":0,\"scale\":1}],\"categorical\":[{\"name\":\"Type\",\"categories\":[\"H\",\"L\",\"M\"]}],"
            + "\"output_size\":8}";
    private static final String PROBE = "import json, sys\nsys.path.insert(0, 'model-build')\nimport inference\n"
            + "f = inference.Featurizer(json.loads(sys.argv[1]), 'test')\nout = []\n"
            + "for body in json.load(sys.stdin):\n"
            + "    try:\n        inference.predict_fn(inference.input_fn(body.encode('utf-8'), 'text/csv'), f)\n"
            + "        out.append(True)\n    except ValueError:\n        out.append(False)\n"
            + "print(json.dumps(out))\n";

    static List<String> corpus() {
        List<String> bodies = new ArrayList<>();
        for (String number : List.of("298.4", "0x1p8", "298.4d", "216f", "216\u0000", "\u0000216", "1e3", " 298.4 ", "\t298.4\t",
                "\u000b298.4", "\u00a0298.4", "\u001f298.4", "1_000", "inf", "-inf", "NaN", "Infinity", "1e400", "+1", "-0", ".5",
                "5.", ".", "1e", "1E+3", "1e-3", "\u0661", "0001", "1.5.2", "", " ", "1 2", "\"298.4\"", "\"29\"\"8\"", "298.4\"x\"",
                "9".repeat(1000), "0." + "0".repeat(400) + "1", "1d", "0b1", "١٢")) {
            bodies.add("L," + number + ",308.2,1582,70.7,216");
        }
        bodies.addAll(List.of("L,298.4,308.2,1582,70.7,216\n", "L,298.4,308.2,1582,70.7,216\r\n", "\uFEFFL,1,1,1,1,1",
                "L,1,1,1,1,1\n\nM,1,1,1,1,1", " \nL,1,1,1,1,1", "L,1,1,1,1,1\rM,1,1,1,1,1", "\"L\",1,1,1,1,1",
                "\"L,1,1,1,1,1", "L,1,1,1,1,1,", "L,1,1,1,1", " L ,1,1,1,1,1", "l,1,1,1,1,1", "\"L\"x,1,1,1,1,1",
                "L,\"1\n\",1,1,1,1", "", "\n\n", "L;1;1;1;1;1", "\u0000L,1,1,1,1,1"));
        return bodies;
    }

    @Test
    void acceptsAndRefusesWhatInferencePyDoes() throws Exception {
        Python.Result found = Python.find();
        Assumptions.assumeTrue(found.python().isPresent(), found.whyNot());
        List<String> corpus = corpus();
        Python.Run run = found.python().get().run(List.of("-c", PROBE, FEATURIZER), JSON.writeValueAsString(corpus));
        assertEquals(0, run.exitCode(), run.describe());
        List<?> python = JSON.readValue(run.out(), List.class);
        Featurizer featurizer = Featurizer.fromJson(FEATURIZER, "test");
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            boolean java = accepts(featurizer, corpus.get(i));
            if (java != (Boolean) python.get(i)) {
                differences.add(JSON.writeValueAsString(corpus.get(i)) + ": Java " + (java ? "accepts" : "refuses")
                        + ", inference.py " + (java ? "refuses" : "accepts"));
            }
        }
        assertEquals(List.of(), differences);
    }

    private static boolean accepts(Featurizer featurizer, String body) {
        List<List<String>> records = CsvRecords.parse(body);
        if (records.isEmpty()) {
            return false;
        }
        try {
            records.forEach(featurizer::transform);
            return true;
        } catch (RecordException e) {
            return false;
        }
    }
}

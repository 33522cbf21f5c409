"""Unit tests of inference.py (run: python3 -m unittest discover -s model-build/tests)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)
import inference  # noqa: E402

# As the Java side writes it (Jackson's pretty printer, Double.toString numbers). The scalers are the
# ones under which the workshop's record maps to the workshop's published vector.
RAW = [298.4, 308.2, 1582.0, 70.7, 216.0]
WORKSHOP = [0.647088, 0.467287, -0.191472, 0.720195, -0.536976, 0.0, 1.0, 0.0]
MEANS = [300.0, 307.5, 1538.0, 40.0, 108.0]
NAMES = ["Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]", "Torque [Nm]", "Tool wear [min]"]
JAVA_JSON = """{
  "format" : "mlops-featurizer/v1",
  "inputs" : [ {"name" : "Type", "numeric" : false}, %s ],
  "numeric" : [ %s ],
  "categorical" : [ {"name" : "Type", "categories" : [ "H", "L", "M" ]} ],
  "output_size" : 8
}""" % (", ".join('{"name" : "%s", "numeric" : true}' % n for n in NAMES),
        ", ".join('{"name" : "%s", "mean" : %s, "scale" : %s}' % (n, m, (r - m) / w)
                  for n, m, r, w in zip(NAMES, MEANS, RAW, WORKSHOP)))


class InferenceTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        with open(os.path.join(self.dir, "featurizer.json"), "w") as f:
            f.write(JAVA_JSON)
        self.model = inference.model_fn(self.dir)

    def test_workshop_record_gives_the_workshop_vector(self):
        records = inference.input_fn(b"L,298.4,308.2,1582,70.7,216", "text/csv")
        [vector] = inference.predict_fn(records, self.model)
        for expected, actual in zip(WORKSHOP, vector):
            self.assertAlmostEqual(expected, actual, places=9)

    def test_derived_features_are_evaluated_from_the_tree(self):
        document = json.loads(JAVA_JSON)
        tree = {"op": "*", "args": [{"column": "Tool wear [min]"}, {"op": "neg", "args": [{"column": "Torque [Nm]"}]}]}
        document["derived"] = [{"name": "Strain", "expression": "`Tool wear [min]` * -`Torque [Nm]`", "tree": tree}]
        document["numeric"].append({"name": "Strain", "mean": 100.0, "scale": 2.0})
        featurizer = inference.Featurizer(document, "test")
        vector = featurizer.transform("L,298.4,308.2,1582,70.7,216".split(","))
        self.assertEqual((216.0 * -70.7 - 100.0) / 2.0, vector[5])
        with self.assertRaisesRegex(ValueError, r"derived feature 'Strain' \(.*\) is -Infinity for this record"):
            featurizer.transform("L,298.4,308.2,1582,1e308,1e308".split(","))
        with self.assertRaisesRegex(ValueError, "unknown expression operator 'pow'"):
            inference.evaluate_tree({"op": "pow", "args": [{"number": 2}, {"number": 3}]}, lambda name: 0.0)

    def test_decision_container_labels_scores_with_the_chosen_threshold(self):
        folder = tempfile.mkdtemp()
        with open(os.path.join(folder, "decision.json"), "w") as f:
            json.dump({"format": "mlops-decision/v1", "threshold": 0.3}, f)
        decision = inference.model_fn(folder)
        records = inference.input_fn(b'{"predictions": [{"score": 0.3}, {"score": 0.31}]}', "application/json")
        body, mimetype = inference.output_fn(inference.predict_fn(records, decision), "application/json")
        self.assertEqual(("{\"predictions\":[{\"score\":0.3,\"predicted_label\":0},{\"score\":0.31,\"predicted_label\":1}]}",
                          "application/json"), (body, mimetype))
        self.assertEqual(("0.3\n0.31\n", "text/csv"),
                         inference.output_fn(inference.predict_fn(records, decision), "text/csv"))

    def test_several_lines_are_several_records(self):
        body = "\ufeffL,298.4,308.2,1582,70.7,216\r\n\r\nM,298.4,308.2,1582,30.2,214\n".encode("utf-8")
        records = inference.input_fn(body, "text/csv; charset=utf-8")
        self.assertEqual(2, len(records))
        vectors = inference.predict_fn(records, self.model)
        self.assertEqual([0.0, 0.0, 1.0], vectors[1][5:])

    def test_json_output_is_what_the_xgboost_container_takes(self):
        body, mimetype = inference.output_fn([[1.0, 0.5], [2.0, 0.25]], "application/json")
        self.assertEqual("application/json", mimetype)
        self.assertEqual({"instances": [{"features": [1.0, 0.5]}, {"features": [2.0, 0.25]}]}, json.loads(body))
        self.assertEqual("application/json", inference.output_fn([[1.0]], "*/*")[1])
        self.assertEqual("application/json", inference.output_fn([[1.0]], None)[1])

    def test_csv_output_is_one_line_per_record(self):
        self.assertEqual(("1.0,0.5\n2.0,0.25\n", "text/csv"), inference.output_fn([[1.0, 0.5], [2.0, 0.25]], "text/csv"))

    def test_unknown_category_names_the_field(self):
        with self.assertRaisesRegex(ValueError, "field 'Type' has unknown category 'X'; known categories are: H, L, M"):
            inference.predict_fn([["X", "1", "2", "3", "4", "5"]], self.model)
        with self.assertRaisesRegex(ValueError, "record 2: .*field 'Type'"):
            inference.predict_fn([["L", "1", "2", "3", "4", "5"], ["X", "1", "2", "3", "4", "5"]], self.model)

    def test_bad_number_and_field_count_are_explained(self):
        with self.assertRaisesRegex(ValueError, "field 'Torque \\[Nm\\]' must be a number, found 'nan'"):
            self.model.transform(["L", "1", "2", "3", "nan", "5"])
        with self.assertRaisesRegex(ValueError, "expected 6 fields \\(Type,Air temperature"):
            self.model.transform(["L", "1"])

    def test_other_content_and_accept_types_are_refused(self):
        with self.assertRaisesRegex(ValueError, "content type 'application/json' is not supported"):
            inference.input_fn(b"{}", "application/json")
        with self.assertRaisesRegex(ValueError, "accept type 'text/html' is not supported"):
            inference.output_fn([[1.0]], "text/html")

    def test_refuses_a_document_of_another_format(self):
        with self.assertRaisesRegex(ValueError, "not a mlops-featurizer/v1 document"):
            inference.Featurizer({"format": "other"}, "x.json")

    def test_command_line_featurizes_stdin(self):
        run = subprocess.run([sys.executable, os.path.join(HERE, "inference.py"), "--model-dir", self.dir,
                              "--accept", "text/csv"], input=b"L,298.4,308.2,1582,70.7,216\n", capture_output=True)
        self.assertEqual(0, run.returncode, run.stderr)
        values = [float(v) for v in run.stdout.decode().strip().split(",")]
        for expected, actual in zip(WORKSHOP, values):
            self.assertAlmostEqual(expected, actual, places=9)


if __name__ == "__main__":
    unittest.main()

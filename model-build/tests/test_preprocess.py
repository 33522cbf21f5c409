"""Unit tests of preprocess.py (run: python3 -m unittest discover -s model-build/tests)."""
import contextlib
import io
import json
import os
import sys
import tarfile
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import preprocess  # noqa: E402

FEATURES = json.dumps({"drop": ["UDI"], "numeric": ["a", "b"],
                       "categorical": [{"column": "Type", "categories": ["H", "L", "M"]}],
                       "label": "Machine failure", "label_aliases": ["Machine_failure"]})


class PortableSplitTest(unittest.TestCase):

    def test_key_is_splitmix64(self):
        # The published first output of splitmix64 from state 0, as PortableSplitTest checks in Java.
        self.assertEqual(0xE220A8397B1DCDAF, preprocess.split_key(0, 1))

    def test_stratifies_each_class_with_rounded_counts(self):
        labels = [1] * 34 + [0] * 966
        parts = preprocess.portable_split(labels, 0.1, 0.1, 0, True)
        count = lambda part, label: sum(1 for p, y in zip(parts, labels) if p == part and y == label)
        self.assertEqual((28, 3, 3), (count("train", 1), count("validation", 1), count("test", 1)))
        self.assertEqual((772, 97, 97), (count("train", 0), count("validation", 0), count("test", 0)))

    def test_negative_seed_is_a_64_bit_twos_complement(self):
        labels = [i % 5 == 0 for i in range(200)]
        self.assertEqual(preprocess.portable_split(labels, 0.2, 0.1, -1, True),
                         preprocess.portable_split(labels, 0.2, 0.1, (1 << 64) - 1, True))

    def test_unstratified_treats_all_rows_as_one_class(self):
        parts = preprocess.portable_split([1] + [0] * 9, 0.2, 0.0, 0, False)
        self.assertEqual(8, parts.count("train"))
        self.assertEqual(2, parts.count("validation"))


class SklearnSplitTest(unittest.TestCase):

    def args(self, validation, test, seed=0, stratify=True):
        return preprocess.parse_args(["--split-method", "sklearn", "--train-ratio", str(1 - validation - test),
                                      "--validation-ratio", str(validation), "--test-ratio", str(test),
                                      "--split-seed", str(seed), "--stratify", str(stratify).lower(),
                                      "--features", FEATURES])

    def test_rows_are_the_workshops_train_test_split_of_a_data_frame_in_its_order(self):
        import pandas as pd
        from sklearn.model_selection import train_test_split
        labels = [1 if i % 29 == 0 else 0 for i in range(500)]
        frame = pd.DataFrame({"x": range(500), "y": labels})
        train, validation = train_test_split(frame, test_size=0.2, random_state=0, stratify=frame["y"])
        rows = preprocess.split_rows(self.args(0.2, 0.0), labels)
        self.assertEqual(train.index.tolist(), rows["train"])
        self.assertEqual(validation.index.tolist(), rows["validation"])
        self.assertEqual([], rows["test"])

    def test_a_test_ratio_is_refused_because_the_split_is_two_way(self):
        with self.assertRaisesRegex(preprocess.InputError, "cuts in two.*test ratio must be 0"):
            preprocess.split_rows(self.args(0.1, 0.1), [0, 1] * 50)

    def test_a_seed_numpy_cannot_take_is_refused(self):
        with self.assertRaisesRegex(preprocess.InputError, "between 0 and 4294967295, got -1"):
            preprocess.split_rows(self.args(0.2, 0.0, seed=-1), [0, 1] * 50)

    def test_a_class_with_one_row_is_an_input_error(self):
        with self.assertRaisesRegex(preprocess.InputError, "train_test_split.*least populated class"):
            preprocess.split_rows(self.args(0.2, 0.0), [0] * 20 + [1])


class JavaDoubleTest(unittest.TestCase):

    def test_writes_numbers_as_java_double_to_string(self):
        cases = [(0.0, "0.0"), (-0.0, "-0.0"), (1.0, "1.0"), (123.0, "123.0"), (0.001, "0.001"), (1e-4, "1.0E-4"),
                 (-0.00012345, "-1.2345E-4"), (9999999.0, "9999999.0"), (1e7, "1.0E7"), (12345678.9, "1.23456789E7"),
                 (1e21, "1.0E21"), (0.1 + 0.2, "0.30000000000000004"), (-1.5159667402308576, "-1.5159667402308576")]
        for value, text in cases:
            self.assertEqual(text, preprocess.java_double(value), repr(value))


class PreprocessTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def run_main(self, csv_text, *extra):
        path = os.path.join(self.dir, "data.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(csv_text)
        args = ["--input-data", path, "--features", FEATURES, "--train-ratio", "0.6", "--validation-ratio", "0.2",
                "--test-ratio", "0.2"] + [a for part in ("train", "validation", "test", "model")
                                          for a in ("--%s-dir" % part, os.path.join(self.dir, part))] + list(extra)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = preprocess.main(args)
        return code, err.getvalue()

    def data(self, rows=10, bad=None):
        lines = ["\ufeffUDI,Type,a,b,Machine_failure"]
        for i in range(rows):
            lines.append("%d,%s,%s,%d,%d" % (i, "HLM"[i % 3], bad if i == 3 and bad else i * 1.5, 7, i % 2))
        return "\r\n".join(lines) + "\r\n\r\n"

    def test_writes_label_first_splits_and_the_featurizer(self):
        code, err = self.run_main(self.data())
        self.assertEqual(0, code, err)
        rows = []
        for part in ("train", "validation", "test"):
            with open(os.path.join(self.dir, part, part + ".csv")) as f:
                rows += [line.rstrip("\n").split(",") for line in f]
        self.assertEqual(10, len(rows))
        self.assertTrue(all(len(r) == 6 and r[0] in ("0", "1") for r in rows))
        with open(os.path.join(self.dir, "model", "featurizer.json")) as f:
            featurizer = json.load(f)
        self.assertEqual("mlops-featurizer/v1", featurizer["format"])
        self.assertEqual([{"name": "Type", "numeric": False}, {"name": "a", "numeric": True},
                          {"name": "b", "numeric": True}], featurizer["inputs"])
        self.assertEqual(1.0, featurizer["numeric"][1]["scale"], "a constant column is scaled by 1")
        self.assertEqual(5, featurizer["output_size"])
        with tarfile.open(os.path.join(self.dir, "model", "model.tar.gz")) as tar:
            self.assertEqual(["featurizer.json", "code/inference.py"], tar.getnames())

    def test_scaler_uses_population_standard_deviation_of_train_rows_only(self):
        column = preprocess.np.array([1.0, 2.0, 3.0, 4.0, 100.0])
        mean, scale = preprocess.fit_scaler(column, preprocess.np.array([0, 1, 2, 3]))
        self.assertEqual(2.5, mean)
        self.assertAlmostEqual(1.25 ** 0.5, scale, places=15)

    def test_non_numeric_cell_names_row_line_and_column(self):
        code, err = self.run_main(self.data(bad="hot"))
        self.assertEqual(2, code)
        self.assertIn("row 4 (line 5), column 'a': 'hot' is not a number", err)

    def test_missing_label_lists_the_columns(self):
        code, err = self.run_main("UDI,Type,a,b\n1,L,1,2\n")
        self.assertEqual(2, code)
        self.assertIn("missing required column 'Machine failure' (also accepted as 'Machine_failure'", err)

    def test_undeclared_column_is_an_error(self):
        code, err = self.run_main("UDI,Type,a,b,c,Machine failure\n1,L,1,2,3,0\n")
        self.assertEqual(2, code)
        self.assertIn("column 'c' is neither dropped nor declared", err)

    def test_unknown_category_names_row_and_field(self):
        code, err = self.run_main(self.data().replace("3,H,", "3,Q,"))
        self.assertEqual(2, code)
        self.assertIn("row 4 (line 5), field 'Type' has unknown category 'Q'", err)

    def test_ratios_must_add_up_to_one(self):
        code, err = self.run_main(self.data(), "--test-ratio", "0.3")
        self.assertEqual(2, code)
        self.assertIn("they must add up to 1", err)

    def test_features_may_be_the_path_of_a_json_file(self):
        layout = os.path.join(self.dir, "features.json")
        with open(layout, "w", encoding="utf-8") as f:
            f.write(FEATURES)
        code, err = self.run_main(self.data(), "--features", layout)
        self.assertEqual(0, code, err)
        code, err = self.run_main(self.data(), "--features", os.path.join(self.dir, "missing.json"))
        self.assertEqual(2, code)
        self.assertIn("cannot read --features file", err)

    def test_unknown_features_key_is_an_error(self):
        code, err = self.run_main(self.data(), "--features", '{"label": "y", "numerics": ["a"]}')
        self.assertEqual(2, code)
        self.assertIn("unknown key 'numerics'", err)

    def test_ragged_row_names_its_line(self):
        code, err = self.run_main("UDI,Type,a,b,Machine failure\n1,L,1,2,0\n2,L,1\n")
        self.assertEqual(2, code)
        self.assertIn("line 3 has 3 fields, the header has 5", err)

    def test_reads_the_one_csv_of_a_folder_and_refuses_two(self):
        folder = os.path.join(self.dir, "input")
        os.makedirs(folder)
        with open(os.path.join(folder, "raw.csv"), "w") as f:
            f.write(self.data())
        self.assertEqual(os.path.join(folder, "raw.csv"), preprocess.find_input(folder))
        with open(os.path.join(folder, "other.csv"), "w") as f:
            f.write(self.data())
        with self.assertRaisesRegex(preprocess.InputError, "expected exactly one .csv file in the folder, found 2"):
            preprocess.find_input(folder)

    def test_failure_reason_goes_to_the_exit_message_file(self):
        message = os.path.join(self.dir, "message")
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(2, preprocess.fail("preprocess.py", "cannot read data x: because", message))
        with open(message) as f:
            self.assertEqual("cannot read data x: because", f.read())


if __name__ == "__main__":
    unittest.main()

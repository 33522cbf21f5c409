"""Unit tests of evaluate.py (run: python3 -m unittest discover -s model-build/tests)."""
import contextlib
import io
import json
import os
import pickle
import sys
import tarfile
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import evaluate  # noqa: E402


def tiny_booster():
    import xgboost as xgb
    rng = np.random.default_rng(7)
    x = rng.normal(size=(200, 3))
    y = (x[:, 0] + 0.5 * rng.normal(size=200) > 0).astype(int)
    params = {"objective": "binary:logistic", "max_depth": 2, "nthread": 1, "tree_method": "exact", "base_score": 0.5}
    return xgb.train(params, xgb.DMatrix(x, label=y), num_boost_round=5), x, y


class MetricsTest(unittest.TestCase):

    def test_auc_with_ties_equals_scikit_learn(self):
        from sklearn.metrics import roc_auc_score
        rng = np.random.default_rng(3)
        for _ in range(20):
            scores = rng.integers(0, 7, size=300) / 7.0  # many ties
            labels = rng.integers(0, 2, size=300)
            self.assertAlmostEqual(roc_auc_score(labels, scores), evaluate.auc(scores, labels), places=12)

    def test_auc_counts_a_tie_as_half(self):
        self.assertEqual(0.5, evaluate.auc(np.array([0.3, 0.3]), np.array([0, 1])))
        self.assertTrue(np.isnan(evaluate.auc(np.array([0.1, 0.2]), np.array([1, 1]))))

    def test_zero_denominators_give_zero(self):
        m = evaluate.binary_metrics(np.array([0.1, 0.2, 0.3]), np.array([0, 1, 0]), 0.5)
        self.assertEqual((0.0, 0.0, 0.0), (m["precision"], m["recall"], m["f1"]))
        self.assertEqual((2, 0, 1, 0), m["confusion"])

    def test_label_is_one_only_above_the_threshold(self):
        m = evaluate.binary_metrics(np.array([0.5, 0.6]), np.array([1, 1]), 0.5)
        self.assertEqual((0, 0, 1, 1), m["confusion"])

    def test_threshold_rules_choose_as_the_java_threshold_choice(self):
        # the same cases as ThresholdChoiceTest
        scores = np.array([0.3, 0.9, 0.1, 0.7, 0.8, 0.2, 0.6, 0.4])
        labels = np.array([1, 1, 0, 0, 1, 0, 1, 0])
        self.assertEqual(((0.3 + 0.2) / 2, None), evaluate.choose_threshold("max_f1", 0.0, scores, labels))
        self.assertEqual(((0.6 + 0.4) / 2, None), evaluate.choose_threshold("min_precision", 0.75, scores, labels))
        self.assertEqual(((0.8 + 0.7) / 2, None), evaluate.choose_threshold("min_precision", 1.0, scores, labels))
        threshold, failure = evaluate.choose_threshold("min_precision", 0.9, np.array([0.9, 0.8, 0.3]), np.array([0, 1, 0]))
        self.assertEqual(0.5, threshold)
        self.assertEqual("threshold rule min_precision 0.9 is not satisfied: no threshold reaches precision 0.9 on the"
                         " validation split (the best is 0.5000)", failure)

    def test_an_early_stopped_model_scores_with_its_best_iteration(self):
        booster, x, _ = tiny_booster()
        full = evaluate.score(booster, x)
        booster.set_attr(best_iteration="1")
        import xgboost as xgb
        two = booster.predict(xgb.DMatrix(x.astype(np.float32)), iteration_range=(0, 2)).astype(np.float64)
        self.assertEqual(two.tolist(), evaluate.score(booster, x).tolist())
        self.assertNotEqual(full.tolist(), two.tolist())

    def test_curves_have_one_point_per_distinct_score_highest_first(self):
        roc, pr = evaluate.curves(np.array([0.1, 0.4, 0.4, 0.8]), np.array([0, 0, 1, 1]))
        self.assertEqual([(0.0, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 1.0)], roc)
        self.assertEqual([(0.5, 1.0), (1.0, 2 / 3), (1.0, 0.5)], pr)

    def test_model_quality_document_layout(self):
        m = evaluate.binary_metrics(np.array([0.2, 0.9, 0.7]), np.array([0, 1, 0]), 0.5)
        doc = evaluate.model_quality(m)["binary_classification_metrics"]
        self.assertEqual({"value": 1.0, "standard_deviation": ""}, doc["auc"])
        self.assertEqual({"0": {"0": 1, "1": 1}, "1": {"0": 0, "1": 1}}, doc["confusion_matrix"])
        self.assertEqual(["false_positive_rates", "true_positive_rates"],
                         sorted(doc["receiver_operating_characteristic_curve"]))
        self.assertEqual(["precisions", "recalls"], sorted(doc["precision_recall_curve"]))

    def test_counts_say_how_many_rows_each_class_is_predicted_for(self):
        m = evaluate.binary_metrics(np.array([0.2, 0.9, 0.7, 0.1]), np.array([0, 1, 0, 1]), 0.5)
        doc = evaluate.model_quality(m)["binary_classification_metrics"]
        self.assertEqual({"true_positives": 1, "false_positives": 1, "true_negatives": 1, "false_negatives": 1,
                          "predicted_positives": 2, "predicted_negatives": 2},
                         {name: doc[name]["value"] for name in evaluate.count_metrics(m)})
        one_class = evaluate.model_quality(evaluate.binary_metrics(np.array([0.1, 0.2]), np.array([0, 1]), 0.5))
        self.assertEqual(0, one_class["binary_classification_metrics"]["predicted_positives"]["value"])


class ModelLoadingTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.booster, self.x, self.y = tiny_booster()
        import xgboost as xgb
        self.expected = self.booster.predict(xgb.DMatrix(self.x.astype(np.float32)))

    def packed(self, content, name="xgboost-model"):
        folder = tempfile.mkdtemp(dir=self.dir)
        raw = os.path.join(folder, name)
        with open(raw, "wb") as f:
            f.write(content)
        with tarfile.open(os.path.join(folder, "model.tar.gz"), "w:gz") as tar:
            tar.add(raw, arcname=name)
        os.remove(raw)
        return folder

    def assert_loads(self, folder):
        booster = evaluate.load_model(folder)
        np.testing.assert_array_equal(self.expected, evaluate.score(booster, self.x).astype(np.float32))

    def test_loads_json_ubjson_binary_and_pickled_boosters_from_model_tar_gz(self):
        self.assert_loads(self.packed(bytes(self.booster.save_raw("json"))))
        self.assert_loads(self.packed(bytes(self.booster.save_raw("ubj"))))
        self.assert_loads(self.packed(bytes(self.booster.save_raw("deprecated"))))
        self.assert_loads(self.packed(pickle.dumps(self.booster)))

    def test_loads_a_bare_model_file(self):
        folder = tempfile.mkdtemp(dir=self.dir)
        with open(os.path.join(folder, "xgboost-model.json"), "wb") as f:
            f.write(bytes(self.booster.save_raw("json")))
        self.assert_loads(folder)

    def test_garbage_names_both_attempts(self):
        with self.assertRaisesRegex(evaluate.InputError, "as an XGBoost model file: .*; as a pickled Booster"):
            evaluate.load_model(self.packed(b"not a model"))

    def test_refuses_archive_entries_outside_the_folder(self):
        folder = tempfile.mkdtemp(dir=self.dir)
        with tarfile.open(os.path.join(folder, "model.tar.gz"), "w:gz") as tar:
            info = tarfile.TarInfo("../escape")
            info.size = 1
            tar.addfile(info, io.BytesIO(b"x"))
        with self.assertRaisesRegex(evaluate.InputError, "points outside the archive"):
            evaluate.load_model(folder)

    def test_feature_count_mismatch_is_explained(self):
        with self.assertRaisesRegex(evaluate.InputError, "the model expects 3 features, the rows have 2"):
            evaluate.score(self.booster, self.x[:, :2])


class MainTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        booster, self.x, self.y = tiny_booster()
        self.model = os.path.join(self.dir, "model")
        os.makedirs(self.model)
        booster.save_model(os.path.join(self.model, "xgboost-model.json"))
        self.test = os.path.join(self.dir, "test")
        os.makedirs(self.test)

    def write_split(self, labels):
        with open(os.path.join(self.test, "test.csv"), "w") as f:
            for label, row in zip(labels, self.x):
                f.write("%d,%s\n" % (label, ",".join(repr(v) for v in row)))

    def run_main(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = evaluate.main(["--model-dir", self.model, "--test-dir", self.test,
                                  "--output-dir", os.path.join(self.dir, "evaluation")])
        return code, err.getvalue()

    def test_writes_evaluation_json(self):
        self.write_split(self.y)
        code, err = self.run_main()
        self.assertEqual(0, code, err)
        with open(os.path.join(self.dir, "evaluation", "evaluation.json")) as f:
            doc = json.load(f)["binary_classification_metrics"]
        self.assertGreater(doc["auc"]["value"], 0.8)
        self.assertEqual("", doc["f1"]["standard_deviation"])

    def test_one_class_split_fails_with_exit_two(self):
        self.write_split([0] * len(self.y))
        code, err = self.run_main()
        self.assertEqual(2, code)
        self.assertIn("holds only one class", err)


if __name__ == "__main__":
    unittest.main()

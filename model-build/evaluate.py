#!/usr/bin/env python3
"""SageMaker Processing step "Evaluate": score the held-out split with the trained XGBoost model and
write evaluation.json in SageMaker's model-quality format.

The metrics are defined exactly as the Java local backend defines them (dev.mlops.ml.BinaryMetrics,
ModelQualityJson), so the same model and rows give the same numbers on both backends:
- a prediction is 1 when score > threshold;
- AUC is the rank-sum (Mann-Whitney) AUC with tied scores sharing their average rank, which equals
  scikit-learn's roc_auc_score; a split holding one class only has no AUC and fails the step;
- precision, recall and F1 are 0 where their denominator is 0;
- the per-class counts (the confusion matrix cells, and how many rows the model predicts 1 and 0)
  are metrics too, so the pipeline's quality gate can refuse a model that predicts one class only;
- the ROC curve starts at (0, 0) and has one point per distinct score, highest first; the
  precision-recall curve has one (recall, precision) point per distinct score, highest first.

Arguments (what `mlops pipeline compile` passes; defaults are SageMaker's processing paths):
  --model-dir DIR    the training job's output: model.tar.gz holding `xgboost-model`, or the model
                     file itself (xgboost-model, *.json, *.ubj) (default /opt/ml/processing/model)
  --test-dir DIR     the held-out split: *.csv, label first, no header (default /opt/ml/processing/test)
  --output-dir DIR   writes evaluation.json (default /opt/ml/processing/evaluation)
  --threshold F      label 1 when score > F (default 0.5), with --threshold-rule fixed
  --threshold-rule R fixed (default), max_f1 or min_precision: how the threshold is set. A rule
                     chooses it on --validation-dir's rows, never on the held-out split, as the Java
                     ThresholdChoice does: candidates halfway between neighbouring distinct validation
                     scores; max_f1 takes the best F1 (ties: the higher threshold), min_precision the
                     lowest threshold with precision >= --min-precision. When none satisfies the rule,
                     the metrics use 0.5 and decision_threshold.satisfied is 0 (the quality gate fails).
  --min-precision P  the precision min_precision must reach, in (0, 1]
  --validation-dir D the validation split (*.csv, label first), required by a rule
  --decision-dir D   writes decision.json ({"format": "mlops-decision/v1", "threshold": t}) and
                     model.tar.gz holding it and code/inference.py (copied from beside this script):
                     the model data of the inference pipeline's decision container

A model trained with early stopping is scored with its best iteration (its best_iteration
attribute), as SageMaker's XGBoost container serves it.

The model may be in XGBoost's JSON, UBJSON or legacy binary format (Booster.load_model reads all
three; XGBoost 1.7 reads the JSON and UBJSON that XGBoost4J 3.x writes), or a pickled Booster (what
SageMaker's early XGBoost containers saved). Pickles are only read from the training job's own output.

Output evaluation.json:
  {"binary_classification_metrics": {
     "auc" | "accuracy" | "precision" | "recall" | "f1": {"value": v, "standard_deviation": ""},
     "true_positives" | "false_positives" | "true_negatives" | "false_negatives"
       | "predicted_positives" | "predicted_negatives": {"value": n, "standard_deviation": ""},
     "confusion_matrix": {"0": {"0": tn, "1": fp}, "1": {"0": fn, "1": tp}},
     "receiver_operating_characteristic_curve": {"false_positive_rates": [...], "true_positive_rates": [...]},
     "precision_recall_curve": {"recalls": [...], "precisions": [...]}},
   "decision_threshold": {"value": t, "rule": "fixed" | "max_f1" | "min_precision", ["precision": P,]
                          "chosen_on": "spec" | "validation", "satisfied": 1 | 0, ["reason": why]}}

Exit codes: 0 done; 2 bad input (the reason on stderr and in /opt/ml/output/message, the job's
ExitMessage); 1 unexpected failure (with a traceback).
"""
import argparse
import csv
import glob
import json
import math
import os
import pickle
import sys
import tarfile
import tempfile

import numpy as np

EXIT_MESSAGE = "/opt/ml/output/message"
RULES = ("fixed", "max_f1", "min_precision")
DECISION_FORMAT = "mlops-decision/v1"
FALLBACK_THRESHOLD = 0.5
MODEL_NAMES = ("xgboost-model", "xgboost-model.json", "xgboost-model.ubj", "model.json", "model.ubj")


class InputError(Exception):
    """Bad input: a message for the user, exit code 2, no traceback."""


# ---------------------------------------------------------------- the model

def extract(archive, into):
    """Extracts the regular files of model.tar.gz, refusing paths that would leave `into`."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar.getmembers():
                target = os.path.realpath(os.path.join(into, member.name))
                if not target.startswith(os.path.realpath(into) + os.sep):
                    raise InputError("cannot unpack model %s: entry '%s' points outside the archive" % (archive, member.name))
                if member.isfile():
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    with tar.extractfile(member) as source, open(target, "wb") as out:
                        out.write(source.read())
    except (tarfile.TarError, OSError, EOFError) as e:
        raise InputError("cannot unpack model %s: %s" % (archive, e)) from None


def model_file(folder):
    """The model inside `folder`: a well-known name first, else the only file there is."""
    files = sorted(p for p in glob.glob(os.path.join(folder, "**", "*"), recursive=True) if os.path.isfile(p))
    for name in MODEL_NAMES:
        for path in files:
            if os.path.basename(path) == name:
                return path
    candidates = [p for p in files if not p.endswith((".tar.gz", ".tgz"))]
    if len(candidates) == 1:
        return candidates[0]
    raise InputError("cannot find the XGBoost model in %s: expected model.tar.gz or one of %s, found %s"
                     % (folder, ", ".join(MODEL_NAMES), ", ".join(os.path.basename(p) for p in files) or "nothing"))


def load_booster(path):
    """An xgboost.Booster from a JSON/UBJSON/binary model file or a pickled Booster."""
    import xgboost as xgb
    errors = []
    booster = xgb.Booster()
    try:
        booster.load_model(path)
        return booster
    except xgb.core.XGBoostError as e:
        errors.append("as an XGBoost model file: " + str(e).strip().splitlines()[0])
    try:
        with open(path, "rb") as f:
            loaded = pickle.load(f)
    except Exception as e:  # an unpickling error can be of any type
        errors.append("as a pickled Booster: %s: %s" % (type(e).__name__, e))
    else:
        if isinstance(loaded, xgb.Booster):
            return loaded
        if hasattr(loaded, "get_booster"):
            return loaded.get_booster()
        errors.append("as a pickled Booster: found a %s" % type(loaded).__name__)
    raise InputError("cannot load the XGBoost model %s: %s" % (path, "; ".join(errors)))


def load_model(model_dir):
    """The Booster in `model_dir`: from model.tar.gz when there is one, else the model file itself."""
    if not os.path.isdir(model_dir):
        raise InputError("cannot load the XGBoost model: no such folder %s" % model_dir)
    archives = sorted(glob.glob(os.path.join(model_dir, "*.tar.gz")))
    if not archives:
        return load_booster(model_file(model_dir))
    with tempfile.TemporaryDirectory() as unpacked:
        extract(archives[0], unpacked)
        return load_booster(model_file(unpacked))


def score(booster, features):
    """Probability of class 1 per row; rows go in as float32, as XGBoost stores them."""
    import xgboost as xgb
    expected = booster.num_features()
    if features.shape[1] != expected:
        raise InputError("cannot score the held-out split: the model expects %d features, the rows have %d"
                         % (expected, features.shape[1]))
    matrix = xgb.DMatrix(features.astype(np.float32), missing=np.nan)
    best = booster.attr("best_iteration")
    if best is not None:
        return booster.predict(matrix, iteration_range=(0, int(best) + 1)).astype(np.float64)
    return booster.predict(matrix).astype(np.float64)


# ---------------------------------------------------------------- the held-out split

def read_split(folder):
    """(labels, features) of every *.csv in `folder` (label first, no header), in name order."""
    files = sorted(glob.glob(os.path.join(folder, "*.csv"))) if os.path.isdir(folder) else []
    if not files:
        raise InputError("cannot read the held-out split: no .csv file in %s" % folder)
    labels, rows = [], []
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            for line, record in enumerate(csv.reader(f), start=1):
                if not record:
                    continue
                labels.append(parse_label(record[0], path, line))
                try:
                    rows.append([float(cell) for cell in record[1:]])
                except ValueError:
                    raise InputError("cannot read the held-out split %s: line %d holds a value that is not a number"
                                     % (path, line)) from None
                if len(rows[-1]) != len(rows[0]):
                    raise InputError("cannot read the held-out split %s: line %d has %d features, the first row has %d"
                                     % (path, line, len(rows[-1]), len(rows[0])))
    if not rows:
        raise InputError("cannot evaluate the model: the held-out split in %s has no rows" % folder)
    return np.array(labels, dtype=np.int64), np.array(rows, dtype=np.float64)


def parse_label(cell, path, line):
    value = cell.strip()
    if value in ("0", "0.0"):
        return 0
    if value in ("1", "1.0"):
        return 1
    raise InputError("cannot read the held-out split %s: line %d: a label must be 0 or 1, got '%s'"
                     % (path, line, value[:40]))


# ---------------------------------------------------------------- metrics

def ratio(numerator, denominator):
    return 0.0 if denominator == 0 else numerator / denominator


def auc(scores, labels):
    """Rank-sum AUC with average ranks for ties; NaN when only one class is present."""
    order = np.argsort(scores, kind="stable")
    ordered = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(scores)] - 1
    for i, j in zip(starts.tolist(), ends.tolist()):
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1
    positives = int(np.sum(labels == 1))
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    # Ranks are multiples of 1/2, so this sum is exact in any order.
    rank_sum = float(np.sum(ranks[labels == 1]))
    return (rank_sum - positives * (positives + 1) / 2.0) / (float(positives) * negatives)


def curves(scores, labels):
    """ROC points (fpr, tpr) from (0, 0), and PR points (recall, precision), per distinct score, highest first."""
    order = np.argsort(-scores, kind="stable")
    ordered = scores[order]
    hits = (labels[order] == 1).astype(np.int64)
    tps = np.cumsum(hits).tolist()
    fps = np.cumsum(1 - hits).tolist()
    positives = int(hits.sum())
    negatives = len(hits) - positives
    last = np.flatnonzero(np.r_[ordered[1:] != ordered[:-1], True]).tolist()
    roc = [(0.0, 0.0)] + [(ratio(fps[k], negatives), ratio(tps[k], positives)) for k in last]
    pr = [(ratio(tps[k], positives), ratio(tps[k], tps[k] + fps[k])) for k in last]
    return roc, pr


def binary_metrics(scores, labels, threshold):
    """The metrics BinaryMetrics.compute gives for the same scores, labels and threshold."""
    predicted = scores > threshold
    actual = labels == 1
    tp = int(np.sum(predicted & actual))
    fp = int(np.sum(predicted & ~actual))
    fn = int(np.sum(~predicted & actual))
    tn = int(np.sum(~predicted & ~actual))
    precision = ratio(tp, tp + fp)
    recall = ratio(tp, tp + fn)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    roc, pr = curves(scores, labels)
    return {"auc": auc(scores, labels), "accuracy": (tp + tn) / len(labels), "precision": precision,
            "recall": recall, "f1": f1, "confusion": (tn, fp, fn, tp), "roc": roc, "pr": pr}


def describe_rule(rule, precision):
    return rule + " " + repr(precision) if rule == "min_precision" else rule


def choose_threshold(rule, precision_wanted, scores, labels):
    """(threshold, failure or None) by the rule on the validation scores, as ThresholdChoice.choose."""
    distinct = sorted(set(scores.tolist()))
    positives = int(np.sum(labels == 1))
    if len(distinct) < 2 or positives == 0:
        return FALLBACK_THRESHOLD, ("threshold rule %s is not satisfied: the validation split cannot choose it"
                                    " (%d rows, %d positive, %d distinct score%s)"
                                    % (describe_rule(rule, precision_wanted), len(scores), positives, len(distinct),
                                       "" if len(distinct) == 1 else "s"))
    order = np.argsort(-scores, kind="stable").tolist()
    values, hits = scores.tolist(), labels.tolist()
    tp = fp = nxt = 0
    best, chosen, best_precision = -1.0, None, 0.0
    for k in range(len(distinct) - 1, 0, -1):
        score = distinct[k]
        while nxt < len(order) and values[order[nxt]] == score:
            if hits[order[nxt]] == 1:
                tp += 1
            else:
                fp += 1
            nxt += 1
        candidate = (score + distinct[k - 1]) / 2
        precision = tp / (tp + fp)
        recall = tp / positives
        f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
        best_precision = max(best_precision, precision)
        if rule == "max_f1" and f1 > best:
            best, chosen = f1, candidate
        elif rule == "min_precision" and precision >= precision_wanted:
            chosen = candidate
    if chosen is None or (rule == "max_f1" and best <= 0):
        why = ("no threshold catches a failure of the validation split" if rule == "max_f1" else
               "no threshold reaches precision %r on the validation split (the best is %.4f)"
               % (precision_wanted, best_precision))
        return FALLBACK_THRESHOLD, "threshold rule %s is not satisfied: %s" % (describe_rule(rule, precision_wanted), why)
    return chosen, None


def decision_entry(threshold, rule, precision, failure):
    """evaluation.json's decision_threshold, as ModelQualityJson writes it."""
    entry = {"value": threshold, "rule": rule}
    if rule == "min_precision":
        entry["precision"] = precision
    entry["chosen_on"] = "spec" if rule == "fixed" else "validation"
    entry["satisfied"] = 0 if failure else 1
    if failure:
        entry["reason"] = failure
    return entry


def write_decision(folder, threshold):
    """decision.json, and model.tar.gz holding it and code/inference.py: the decision container's model data."""
    from inference import write_model_data  # beside this script in the code folder
    write_model_data(folder, "decision.json", {"format": DECISION_FORMAT, "threshold": threshold})


def count_metrics(metrics):
    """The per-class counts a quality gate may name, as ModelQualityJson.counts orders them."""
    tn, fp, fn, tp = metrics["confusion"]
    return {"true_positives": tp, "false_positives": fp, "true_negatives": tn, "false_negatives": fn,
            "predicted_positives": tp + fp, "predicted_negatives": tn + fn}


def model_quality(metrics):
    """The metrics as SageMaker's model-quality document, as ModelQualityJson.write lays it out."""
    body = {name: {"value": metrics[name], "standard_deviation": ""}
            for name in ("auc", "accuracy", "precision", "recall", "f1")}
    tn, fp, fn, tp = metrics["confusion"]
    for name, count in count_metrics(metrics).items():
        body[name] = {"value": count, "standard_deviation": ""}
    body["confusion_matrix"] = {"0": {"0": tn, "1": fp}, "1": {"0": fn, "1": tp}}
    body["receiver_operating_characteristic_curve"] = {
        "false_positive_rates": [p[0] for p in metrics["roc"]], "true_positive_rates": [p[1] for p in metrics["roc"]]}
    body["precision_recall_curve"] = {
        "recalls": [p[0] for p in metrics["pr"]], "precisions": [p[1] for p in metrics["pr"]]}
    return {"binary_classification_metrics": body}


# ---------------------------------------------------------------- the step

def evaluate(args):
    """Runs the step; returns the metrics."""
    if not math.isfinite(args.threshold) or not 0 < args.threshold < 1:
        raise InputError("cannot evaluate the model: --threshold must be a number in (0, 1), got %r" % args.threshold)
    if args.threshold_rule == "min_precision" and not 0 < args.min_precision <= 1:
        raise InputError("cannot evaluate the model: --min-precision must be in (0, 1], got %r" % args.min_precision)
    if args.threshold_rule != "fixed" and not args.validation_dir:
        raise InputError("cannot choose the threshold by rule %s: give the validation split (--validation-dir)"
                         % args.threshold_rule)
    labels, features = read_split(args.test_dir)
    booster = load_model(args.model_dir)
    threshold, failure = args.threshold, None
    if args.threshold_rule != "fixed":
        validation_labels, validation_features = read_split(args.validation_dir)
        threshold, failure = choose_threshold(args.threshold_rule, args.min_precision,
                                              score(booster, validation_features), validation_labels)
    metrics = binary_metrics(score(booster, features), labels, threshold)
    metrics["decision"] = decision_entry(threshold, args.threshold_rule, args.min_precision, failure)
    if math.isnan(metrics["auc"]):
        raise InputError("cannot evaluate the model: the held-out split (%s) holds only one class (%d rows);"
                         " use more data or a larger ratio" % (args.test_dir, len(labels)))
    os.makedirs(args.output_dir, exist_ok=True)
    with open(os.path.join(args.output_dir, "evaluation.json"), "w", encoding="utf-8") as out:
        document = model_quality(metrics)
        document["decision_threshold"] = metrics["decision"]
        json.dump(document, out, indent=2, allow_nan=False)
        out.write("\n")
    if args.decision_dir:
        write_decision(args.decision_dir, threshold)
    return metrics


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Score the held-out split and write evaluation.json.")
    parser.add_argument("--model-dir", default="/opt/ml/processing/model")
    parser.add_argument("--test-dir", default="/opt/ml/processing/test")
    parser.add_argument("--output-dir", default="/opt/ml/processing/evaluation")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--threshold-rule", choices=RULES, default="fixed")
    parser.add_argument("--min-precision", type=float, default=0.0)
    parser.add_argument("--validation-dir")
    parser.add_argument("--decision-dir")
    return parser.parse_args(argv)


def fail(program, message, exit_message=EXIT_MESSAGE):
    """Prints the reason and leaves it where SageMaker reports it (the job's ExitMessage)."""
    print("%s: %s" % (program, message), file=sys.stderr)
    if os.path.isdir(os.path.dirname(exit_message)):
        with open(exit_message, "w", encoding="utf-8") as out:
            out.write(message.encode("utf-8")[:1024].decode("utf-8", "ignore"))
    return 2


def main(argv=None):
    args = parse_args(argv)
    try:
        metrics = evaluate(args)
    except InputError as e:
        return fail("evaluate.py", str(e))
    print("evaluate.py: " + ", ".join("%s %.6f" % (name, metrics[name])
                                      for name in ("auc", "accuracy", "precision", "recall", "f1"))
          + ", threshold %r (%s)" % (metrics["decision"]["value"], metrics["decision"]["rule"]))
    if "reason" in metrics["decision"]:
        print("evaluate.py: " + metrics["decision"]["reason"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

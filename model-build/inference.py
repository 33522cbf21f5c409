#!/usr/bin/env python3
"""Serving script of the featurizer, the first container of the inference pipeline (SageMaker's
scikit-learn container): raw CSV records in, feature vectors out for the XGBoost container. The same
script is the third container, the decision: the XGBoost container's scores in, each with its
predicted_label out (1 when score > the threshold the build chose), as the Java endpoint answers.

It featurizes exactly as the Java Featurizer.transform does (dev.mlops.ml.Featurizer), from the same
featurizer.json (written by preprocess.py or by the local backend; either loads the other's), and
labels as dev.mlops.ml.Decision does from decision.json (written by evaluate.py or the local backend).

The container calls, in order:
  model_fn(model_dir)                  loads <model_dir>/featurizer.json (model.tar.gz unpacked), or
                                       <model_dir>/decision.json in the decision container
  input_fn(body, content_type)         text/csv: one record per line, no header, fields in the
                                       featurizer's `inputs` order, e.g. L,298.4,308.2,1582,70.7,216
  predict_fn(records, featurizer)      the feature vectors; a bad record raises ValueError naming
                                       the record and the field (unknown category, not a number)
  output_fn(vectors, accept)           application/json (also for */* or no Accept):
                                         {"instances": [{"features": [8 floats]}, ...]}
                                       text/csv: one vector per line

featurizer.json, format "mlops-featurizer/v1" (field names shared with the Java side):
  {"format": "mlops-featurizer/v1",
   "inputs":      [{"name": column, "numeric": true|false}, ...]   request record order
   "numeric":     [{"name": column, "mean": m, "scale": s}, ...]   output: (x - mean) / scale; a name is
                                                                  an input column or a derived feature
   "categorical": [{"name": column, "categories": [c, ...]}, ...]  output: one-hot in this order
   "derived":     [{"name": n, "expression": text, "tree": t}, ...] optional; t as the spec parser
                  wrote it: {"number": x} | {"column": name} | {"op": "neg"|"+"|"-"|"*"|"/", "args": [t, ...]},
                  evaluated in double arithmetic, left operand first (see evaluate_tree)
   "output_size": n}                                              numerics then one-hots

decision.json, format "mlops-decision/v1": {"format": "mlops-decision/v1", "threshold": t}. The
decision container reads the XGBoost container's application/json ({"predictions": [{"score": s}]})
or text/csv (one score per line) and answers {"predictions": [{"score": s, "predicted_label": 0|1}]}
(application/json) or one score per line (text/csv).

Local use:  python3 inference.py --model-dir DIR [--content-type text/csv] [--accept application/json]
reads the request body from stdin and prints the response; exit 2 with the reason on a bad request.
"""
import argparse
import csv
import io
import json
import math
import os
import re
import sys
import tarfile

FORMAT = "mlops-featurizer/v1"
DECISION_FORMAT = "mlops-decision/v1"
OPERATORS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}
JSON_TYPE = "application/json"
CSV_TYPE = "text/csv"
# Around a field, only ASCII whitespace is ignored (as Java's CsvRecords.strip): a NUL or another
# control character is part of the value, so "216\0" is not a number.
FIELD_BLANKS = " \t\n\r\x0b\x0c"
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def evaluate_tree(tree, value):
    """A derived feature's value: `value(name)` gives a column (a float, or a float64 array for a whole
    column, which gives the same bits element by element); same operations, same order as the Java
    Expression.evaluate. Raises ValueError on a node that is not arithmetic."""
    if not isinstance(tree, dict):
        raise ValueError("an expression node must be an object, found %r" % (tree,))
    if "number" in tree:
        return float(tree["number"])
    if "column" in tree:
        return value(str(tree["column"]))
    op, args = tree.get("op"), tree.get("args")
    if op == "neg" and isinstance(args, list) and len(args) == 1:
        return -evaluate_tree(args[0], value)
    if op in OPERATORS and isinstance(args, list) and len(args) == 2:
        left = evaluate_tree(args[0], value)
        return OPERATORS[op](left, evaluate_tree(args[1], value))
    raise ValueError("unknown expression operator %r" % (op,))


class Decision:
    """The decision container's model: label 1 when score > threshold."""

    def __init__(self, document, source):
        threshold = document.get("threshold") if isinstance(document, dict) else None
        if (not isinstance(document, dict) or document.get("format") != DECISION_FORMAT
                or not isinstance(threshold, (int, float)) or not 0 < threshold < 1):
            raise ValueError("cannot load decision %s: not a %s document with a threshold in (0, 1)"
                             % (source, DECISION_FORMAT))
        self.threshold = float(threshold)

    def label(self, score):
        return 1 if score > self.threshold else 0


class Featurizer:
    """A fitted featurizer loaded from its JSON document."""

    def __init__(self, document, source):
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError("cannot load featurizer %s: not a %s document" % (source, FORMAT))
        try:
            self.inputs = [(str(c["name"]), bool(c["numeric"])) for c in document["inputs"]]
            self.numeric = [(str(s["name"]), float(s["mean"]), float(s["scale"])) for s in document["numeric"]]
            self.categorical = [(str(c["name"]), [str(v) for v in c["categories"]]) for c in document["categorical"]]
            self.derived = [(str(d["name"]), str(d["expression"]), d["tree"]) for d in document.get("derived", [])]
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError("cannot load featurizer %s: malformed document (%s: %s)"
                             % (source, type(e).__name__, e)) from None
        names = {name for name, _ in self.inputs} | {name for name, _, _ in self.derived}
        missing = [n for n, _, _ in self.numeric if n not in names] + [n for n, _ in self.categorical if n not in names]
        if missing:
            raise ValueError("cannot load featurizer %s: '%s' is not among its inputs" % (source, missing[0]))
        self.categories = {name: {c: k for k, c in enumerate(values)} for name, values in self.categorical}

    @property
    def output_size(self):
        return len(self.numeric) + sum(len(values) for _, values in self.categorical)

    def transform(self, record):
        """One record (strings in `inputs` order) to its feature vector, as Featurizer.transform."""
        if len(record) != len(self.inputs):
            raise ValueError("cannot featurize record: expected %d fields (%s), found %d"
                             % (len(self.inputs), ",".join(n for n, _ in self.inputs), len(record)))
        by_name = {name: value.strip(FIELD_BLANKS) for (name, _), value in zip(self.inputs, record)}
        values = {}
        for name, _, _ in self.numeric:
            if name in by_name:
                values[name] = number(name, by_name[name])
        for name, expression, tree in self.derived:
            value = evaluate_tree(tree, values.__getitem__)
            if not math.isfinite(value):
                raise ValueError("cannot featurize record: derived feature '%s' (%s) is %s for this record"
                                 % (name, expression, java_double_text(value)))
            values[name] = value
        out = []
        for name, mean, scale in self.numeric:
            out.append((values[name] - mean) / scale)
        for name, values in self.categorical:
            value = by_name[name]
            if value not in self.categories[name]:
                raise ValueError("cannot featurize record: field '%s' has unknown category '%s'; known categories"
                                 " are: %s" % (name, value, ", ".join(values)))
            one_hot = [0.0] * len(values)
            one_hot[self.categories[name][value]] = 1.0
            out.extend(one_hot)
        return out


def java_double_text(value):
    """NaN and infinities as Java prints them, so both sides' messages match."""
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def number(field, text):
    value = float(text) if NUMBER.fullmatch(text) else math.nan
    if not math.isfinite(value):
        raise ValueError("cannot featurize record: field '%s' must be a number, found '%s'" % (field, text[:40]))
    return value


def write_model_data(folder, name, document):
    """<folder>/<name> (JSON), and model.tar.gz holding it and code/inference.py (this file): the model
    data of a container that serves with this script (a SageMaker model's data is a tar.gz)."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
        out.write("\n")
    with tarfile.open(os.path.join(folder, "model.tar.gz"), "w:gz") as tar:
        tar.add(path, arcname=name)
        tar.add(os.path.abspath(__file__), arcname="code/inference.py")


def load_featurizer(path):
    return Featurizer(read_json(path, "featurizer"), path)


def read_json(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise ValueError("cannot load %s %s: %s" % (what, path, e)) from None


# ---------------------------------------------------------------- the container's four functions

def model_fn(model_dir):
    decision = os.path.join(model_dir, "decision.json")
    if os.path.exists(decision):
        return Decision(read_json(decision, "decision"), decision)
    return load_featurizer(os.path.join(model_dir, "featurizer.json"))


def media_type(header):
    return (header or "").split(";")[0].strip().lower()


def input_fn(input_data, content_type):
    """The records of a text/csv body (several lines are several records; blank lines skipped); in the
    decision container, the XGBoost container's JSON predictions as one-field records."""
    if media_type(content_type) == JSON_TYPE:
        return scores_of(input_data, content_type)
    if media_type(content_type) != CSV_TYPE:
        raise ValueError("cannot read request: content type '%s' is not supported; send %s"
                         % (content_type, CSV_TYPE))
    text = input_data.decode("utf-8") if isinstance(input_data, (bytes, bytearray)) else str(input_data)
    records = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) if r]
    if not records:
        raise ValueError("cannot read request: the body holds no record")
    return records


def scores_of(body, content_type):
    """The XGBoost container's answer, which only the decision container is sent."""
    text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else str(body)
    try:
        return [[repr(float(p["score"]))] for p in json.loads(text)["predictions"]]
    except (ValueError, KeyError, TypeError):
        raise ValueError("cannot read request: content type '%s' is not supported; send %s (JSON is read only as"
                         " the XGBoost container's {\"predictions\": [{\"score\": s}, ...]})"
                         % (content_type, CSV_TYPE)) from None


def predict_fn(input_data, model):
    if isinstance(model, Decision):
        return [Labelled(float(record[0]), model.label(float(record[0]))) for record in input_data]
    vectors = []
    for index, record in enumerate(input_data, start=1):
        try:
            vectors.append(model.transform(record))
        except ValueError as e:
            if len(input_data) == 1:
                raise
            raise ValueError("record %d: %s" % (index, e)) from None
    return vectors


class Labelled:
    """A score and its label, as the decision container answers them."""

    def __init__(self, score, label):
        self.score, self.label = score, label


def output_fn(prediction, accept):
    """JSON instances for the XGBoost container, or CSV lines; returned as the container expects. The
    decision container answers as the Java endpoint does: scores with labels, or one score per line."""
    rows = prediction.tolist() if hasattr(prediction, "tolist") else prediction
    labelled = bool(rows) and isinstance(rows[0], Labelled)
    wanted = [media_type(a) for a in (accept or "").split(",")] or [""]
    for kind in wanted:
        if kind in (JSON_TYPE, "*/*", "") and labelled:
            return response(json.dumps({"predictions": [{"score": r.score, "predicted_label": r.label} for r in rows]},
                                       separators=(",", ":")), JSON_TYPE)
        if kind == CSV_TYPE and labelled:
            return response("".join(repr(r.score) + "\n" for r in rows), CSV_TYPE)
        if kind in (JSON_TYPE, "*/*", ""):
            return response(json.dumps({"instances": [{"features": row} for row in rows]}), JSON_TYPE)
        if kind == CSV_TYPE:
            return response("".join(",".join(repr(float(v)) for v in row) + "\n" for row in rows), CSV_TYPE)
    raise ValueError("cannot answer: accept type '%s' is not supported; ask for %s or %s" % (accept, JSON_TYPE, CSV_TYPE))


def response(body, mimetype):
    try:
        from sagemaker_containers.beta.framework import worker
    except ImportError:
        # Outside the container (and in containers that take it), a (body, mimetype) tuple.
        return body, mimetype
    return worker.Response(body, mimetype=mimetype)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Featurize CSV records from stdin as the serving container does.")
    parser.add_argument("--model-dir", required=True, help="folder holding featurizer.json or decision.json")
    parser.add_argument("--content-type", default=CSV_TYPE)
    parser.add_argument("--accept", default=JSON_TYPE)
    args = parser.parse_args(argv)
    try:
        model = model_fn(args.model_dir)
        body, _ = output_fn(predict_fn(input_fn(sys.stdin.buffer.read(), args.content_type), model), args.accept)
    except ValueError as e:
        print("inference.py: %s" % e, file=sys.stderr)
        return 2
    sys.stdout.write(body if body.endswith("\n") else body + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

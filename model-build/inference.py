#!/usr/bin/env python3
"""Serving script of the featurizer, the first container of the inference pipeline (SageMaker's
scikit-learn container): raw CSV records in, feature vectors out for the XGBoost container.

It featurizes exactly as the Java Featurizer.transform does (dev.mlops.ml.Featurizer), from the same
featurizer.json (written by preprocess.py or by the local backend; either loads the other's).

The container calls, in order:
  model_fn(model_dir)                  loads <model_dir>/featurizer.json (model.tar.gz unpacked)
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
   "numeric":     [{"name": column, "mean": m, "scale": s}, ...]   output: (x - mean) / scale
   "categorical": [{"name": column, "categories": [c, ...]}, ...]  output: one-hot in this order
   "output_size": n}                                              numerics then one-hots

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

FORMAT = "mlops-featurizer/v1"
JSON_TYPE = "application/json"
CSV_TYPE = "text/csv"
# Around a field, only ASCII whitespace is ignored (as Java's CsvRecords.strip): a NUL or another
# control character is part of the value, so "216\0" is not a number.
FIELD_BLANKS = " \t\n\r\x0b\x0c"
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


class Featurizer:
    """A fitted featurizer loaded from its JSON document."""

    def __init__(self, document, source):
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError("cannot load featurizer %s: not a %s document" % (source, FORMAT))
        try:
            self.inputs = [(str(c["name"]), bool(c["numeric"])) for c in document["inputs"]]
            self.numeric = [(str(s["name"]), float(s["mean"]), float(s["scale"])) for s in document["numeric"]]
            self.categorical = [(str(c["name"]), [str(v) for v in c["categories"]]) for c in document["categorical"]]
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError("cannot load featurizer %s: malformed document (%s: %s)"
                             % (source, type(e).__name__, e)) from None
        names = {name for name, _ in self.inputs}
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
        out = []
        for name, mean, scale in self.numeric:
            out.append((number(name, by_name[name]) - mean) / scale)
        for name, values in self.categorical:
            value = by_name[name]
            if value not in self.categories[name]:
                raise ValueError("cannot featurize record: field '%s' has unknown category '%s'; known categories"
                                 " are: %s" % (name, value, ", ".join(values)))
            one_hot = [0.0] * len(values)
            one_hot[self.categories[name][value]] = 1.0
            out.extend(one_hot)
        return out


def number(field, text):
    value = float(text) if NUMBER.fullmatch(text) else math.nan
    if not math.isfinite(value):
        raise ValueError("cannot featurize record: field '%s' must be a number, found '%s'" % (field, text[:40]))
    return value


def load_featurizer(path):
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, ValueError) as e:
        raise ValueError("cannot load featurizer %s: %s" % (path, e)) from None
    return Featurizer(document, path)


# ---------------------------------------------------------------- the container's four functions

def model_fn(model_dir):
    return load_featurizer(os.path.join(model_dir, "featurizer.json"))


def media_type(header):
    return (header or "").split(";")[0].strip().lower()


def input_fn(input_data, content_type):
    """The records of a text/csv body (several lines are several records; blank lines skipped)."""
    if media_type(content_type) != CSV_TYPE:
        raise ValueError("cannot read request: content type '%s' is not supported; send %s"
                         % (content_type, CSV_TYPE))
    text = input_data.decode("utf-8") if isinstance(input_data, (bytes, bytearray)) else str(input_data)
    records = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) if r]
    if not records:
        raise ValueError("cannot read request: the body holds no record")
    return records


def predict_fn(input_data, model):
    vectors = []
    for index, record in enumerate(input_data, start=1):
        try:
            vectors.append(model.transform(record))
        except ValueError as e:
            if len(input_data) == 1:
                raise
            raise ValueError("record %d: %s" % (index, e)) from None
    return vectors


def output_fn(prediction, accept):
    """JSON instances for the XGBoost container, or CSV lines; returned as the container expects."""
    rows = prediction.tolist() if hasattr(prediction, "tolist") else prediction
    wanted = [media_type(a) for a in (accept or "").split(",")] or [""]
    for kind in wanted:
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
    parser.add_argument("--model-dir", required=True, help="folder holding featurizer.json")
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

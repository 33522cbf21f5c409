#!/usr/bin/env python3
"""SageMaker Processing step "Preprocess": split the raw CSV, fit the featurizer on the train split,
write the featurized splits and the featurizer.

It computes exactly what the Java local backend computes (dev.mlops.ml.PortableSplit, SklearnSplit,
Featurizer, dev.mlops.local.PreparedData), so a build gives the same rows, features and model on both backends.

Arguments (what `mlops pipeline compile` passes; defaults are SageMaker's processing paths):
  --input-data PATH        the raw CSV file, or a folder holding exactly one *.csv file
                           (default /opt/ml/processing/input)
  --train-ratio F          share of each class in train       (default 0.8)
  --validation-ratio F     share of each class in validation  (default 0.1)
  --test-ratio F           share of each class in test        (default 0.1; may be 0)
                           the three ratios must add up to 1
  --split-method M         portable (default): the seeded three-way split any language reproduces;
                           sklearn: scikit-learn's train_test_split(rows, test_size=VALIDATION-RATIO,
                           random_state=SEED, stratify=labels), two-way (the test ratio must be 0), its
                           rows in scikit-learn's (permuted) order, as the workshop split
  --split-seed N           seed of the split: 64-bit for portable, 0..2**32-1 for sklearn (default 0)
  --stratify true|false    split each label class separately (default true)
  --features JSON|FILE     required; the feature layout from the pipeline spec, inline or as the path of a
                           JSON file (the compiled pipeline passes a file: SageMaker caps an argument at
                           256 characters), e.g.
                           '{"drop":["UDI","Product ID","TWF","HDF","PWF","OSF","RNF"],
                             "numeric":["Air temperature [K]","Process temperature [K]",
                                        "Rotational speed [rpm]","Torque [Nm]","Tool wear [min]"],
                             "categorical":[{"column":"Type","categories":["H","L","M"]}],
                             "label":"Machine failure","label_aliases":["Machine_failure"]}'
                           optionally "derived": [{"name": N, "expression": TEXT, "tree": T}, ...], the
                           derived features as the spec parser wrote them (inference.py evaluates T)
  --train-dir DIR          writes train.csv       (default /opt/ml/processing/train)
  --validation-dir DIR     writes validation.csv  (default /opt/ml/processing/validation)
  --test-dir DIR           writes test.csv        (default /opt/ml/processing/test)
  --model-dir DIR          writes featurizer.json, and model.tar.gz holding it and code/inference.py (copied
                           from beside this script): the model data of the featurizer container, which
                           then carries its own serving code (default /opt/ml/processing/model)

Output CSVs: label first, no header, one row per data row in the split's order (file order for portable,
scikit-learn's for sklearn), numbers written as Java's
Double.toString writes them (shortest round-trip digits), as SageMaker's built-in XGBoost reads them.
featurizer.json: format "mlops-featurizer/v1" (see inference.py), loadable by the Java side too.

Exit codes: 0 done; 2 bad input (the reason on stderr and in /opt/ml/output/message, which
SageMaker shows as the job's ExitMessage); 1 unexpected failure (with a traceback).

The CSV is read with the standard csv module rather than pandas: the Java reader's rules (RFC 4180,
byte-order mark, blank lines skipped, every row as wide as the header) and its error messages naming
row, line and column are easier to keep exact that way. The scalers are scikit-learn's StandardScaler,
which dev.mlops.ml.StandardScaling reproduces to the bit (NumPy's pairwise sums).
"""
import argparse
import csv
import decimal
import glob
import json
import math
import os
import re
import sys

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

# beside this script in the code folder, as in the featurizer archive: one evaluator for both
from inference import evaluate_tree, write_model_data

FORMAT = "mlops-featurizer/v1"
MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
# Java's String.trim() removes every char <= U+0020, not Unicode whitespace.
JAVA_TRIM = "".join(chr(c) for c in range(0x21))
DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
SHOWN_CELL_CHARS = 40
EXIT_MESSAGE = "/opt/ml/output/message"
FEATURE_KEYS = ("drop", "numeric", "categorical", "label", "label_aliases", "derived")
PARTS = ("train", "validation", "test")
SPLIT_METHODS = ("portable", "sklearn")


class InputError(Exception):
    """Bad input: a message for the user, exit code 2, no traceback."""


# ---------------------------------------------------------------- portable split

def split_key(seed, index):
    """splitmix64(seed + index * golden) as an unsigned 64-bit int, as PortableSplit.key."""
    z = (seed + index * GOLDEN) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def portable_split(labels, validation, test, seed, stratify):
    """The part ("train", "validation" or "test") of each row, as PortableSplit.assign."""
    seed &= MASK
    classes = {}
    for index, label in enumerate(labels):
        classes.setdefault(label if stratify else 0, []).append(index)
    parts = [None] * len(labels)
    for rows in classes.values():
        rows.sort(key=lambda i: (split_key(seed, i), i))
        n = len(rows)
        n_test = int(math.floor(n * test + 0.5))
        n_validation = int(math.floor(n * validation + 0.5))
        n_train = max(0, n - n_validation - n_test)
        for k, row in enumerate(rows):
            parts[row] = "train" if k < n_train else "validation" if k < n_train + n_validation else "test"
    return parts


def sklearn_split(labels, validation, seed, stratify):
    """The rows of each part, as scikit-learn's train_test_split returns them (validation is its test part)."""
    rows = np.arange(len(labels))
    try:
        train, validation_rows = train_test_split(rows, test_size=validation, random_state=seed,
                                                  stratify=labels if stratify else None)
    except ValueError as e:
        raise InputError("cannot split the data with scikit-learn's train_test_split: %s" % e) from None
    return {"train": train.tolist(), "validation": validation_rows.tolist(), "test": []}


def split_rows(args, labels):
    """The rows of each part, in the order the split method gives them (it reaches the scaler's sums)."""
    if args.split_method == "sklearn":
        if args.test_ratio != 0:
            raise InputError("cannot split the data: the sklearn split cuts in two (train and validation), so the test"
                             " ratio must be 0, got %r" % args.test_ratio)
        if not 0 <= args.split_seed <= 0xFFFFFFFF:
            raise InputError("cannot split the data: the sklearn split's seed is a NumPy random_state between 0 and"
                             " 4294967295, got %d" % args.split_seed)
        return sklearn_split(labels, args.validation_ratio, args.split_seed, args.stratify)
    parts = portable_split(labels, args.validation_ratio, args.test_ratio, args.split_seed, args.stratify)
    return {part: [i for i, p in enumerate(parts) if p == part] for part in PARTS}


# ---------------------------------------------------------------- reading the CSV

class Table:
    """A CSV with a header row; rows counted from 1 and file lines kept for messages."""

    def __init__(self, name, header, rows, lines):
        self.name, self.header, self.rows, self.lines = name, header, rows, lines

    def column_index(self, name, aliases=()):
        for candidate in [name.strip(JAVA_TRIM)] + [a.strip(JAVA_TRIM) for a in aliases]:
            if candidate in self.header:
                first = self.header.index(candidate)
                last = len(self.header) - 1 - self.header[::-1].index(candidate)
                if first != last:
                    raise InputError("cannot read data %s: column '%s' appears twice (columns %d and %d)"
                                     % (self.name, candidate, first + 1, last + 1))
                return first
        also = "also accepted as '%s'; " % "', '".join(aliases) if aliases else ""
        raise InputError("cannot read data %s: missing required column '%s' (%scolumns are: %s)"
                         % (self.name, name, also, ", ".join(self.header)))

    def strings(self, name):
        column = self.column_index(name)
        return [row[column].strip(JAVA_TRIM) for row in self.rows]

    def numbers(self, name):
        column = self.column_index(name)
        values = np.empty(len(self.rows), dtype=np.float64)
        for i, row in enumerate(self.rows):
            cell = row[column].strip(JAVA_TRIM)
            if not cell:
                raise self.cell_error(i, column, "the cell is empty, a number is required")
            if not DECIMAL.fullmatch(cell):
                raise self.cell_error(i, column, "%s is not a number" % shown(cell))
            value = float(cell)
            if math.isinf(value):
                raise self.cell_error(i, column, "%s is too large" % shown(cell))
            values[i] = value
        return values

    def labels(self, name, aliases):
        column = self.column_index(name, aliases)
        labels = []
        for i, row in enumerate(self.rows):
            cell = row[column].strip(JAVA_TRIM)
            if cell in ("0", "0.0"):
                labels.append(0)
            elif cell in ("1", "1.0"):
                labels.append(1)
            else:
                raise self.cell_error(i, column, "a label must be 0 or 1, got %s" % shown(cell))
        return labels

    def cell_error(self, row, column, why):
        return InputError("cannot read data %s: row %d (line %d), column '%s': %s"
                          % (self.name, row + 1, self.lines[row], self.header[column], why))


def shown(cell):
    return "'%s...'" % cell[:SHOWN_CELL_CHARS] if len(cell) > SHOWN_CELL_CHARS else "'%s'" % cell


def read_table(path, name):
    """Reads a UTF-8 CSV (a leading byte-order mark is dropped) with the Java reader's rules."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f, strict=True)
            header, rows, lines = None, [], []
            last_line = 0
            for record in reader:
                start, last_line = last_line + 1, reader.line_num
                if not record:
                    continue
                if header is None:
                    header = [field.strip(JAVA_TRIM) for field in record]
                    continue
                if len(record) != len(header):
                    raise InputError("cannot read data %s: line %d has %d field%s, the header has %d"
                                     % (name, start, len(record), "" if len(record) == 1 else "s", len(header)))
                rows.append(record)
                lines.append(start)
    except UnicodeDecodeError:
        raise InputError("cannot read data %s: the file is not UTF-8 text" % name) from None
    except csv.Error as e:
        raise InputError("cannot read data %s: line %d: %s" % (name, reader.line_num, e)) from None
    except OSError as e:
        raise InputError("cannot read data %s: %s" % (name, e.strerror or e)) from None
    if header is None:
        raise InputError("cannot read data %s: the file is empty" % name)
    if not rows:
        raise InputError("cannot read data %s: no data rows after the header" % name)
    return Table(name, header, rows, lines)


def find_input(path):
    """The CSV file itself, or the one *.csv file in a folder (SageMaker downloads into a folder)."""
    if os.path.isdir(path):
        found = sorted(glob.glob(os.path.join(path, "**", "*.csv"), recursive=True))
        if len(found) != 1:
            raise InputError("cannot read data %s: expected exactly one .csv file in the folder, found %d%s"
                             % (path, len(found), (" (" + ", ".join(found) + ")") if found else ""))
        return found[0]
    if not os.path.exists(path):
        raise InputError("cannot read data %s: no such file" % path)
    return path


# ---------------------------------------------------------------- feature layout and featurizer

def parse_features(text):
    """The --features JSON (inline, or a file's path), checked: drop, numeric, categorical, label, aliases."""
    if not text.lstrip().startswith("{"):
        try:
            with open(text, encoding="utf-8") as source:
                text = source.read()
        except OSError as e:
            raise InputError("cannot read --features file %s: %s" % (text, e.strerror)) from None
    try:
        layout = json.loads(text)
    except ValueError as e:
        raise InputError("cannot parse --features: not JSON (%s)" % e) from None
    if not isinstance(layout, dict):
        raise InputError("cannot parse --features: expected a JSON object with keys %s" % ", ".join(FEATURE_KEYS))
    unknown = sorted(set(layout) - set(FEATURE_KEYS))
    if unknown:
        raise InputError("cannot parse --features: unknown key '%s'; known keys are: %s"
                         % (unknown[0], ", ".join(FEATURE_KEYS)))
    if not isinstance(layout.get("label"), str) or not layout["label"]:
        raise InputError("cannot parse --features: 'label' must be the label column's name")
    for key in ("drop", "numeric", "label_aliases"):
        value = layout.setdefault(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError("cannot parse --features: '%s' must be a list of column names" % key)
    categorical = layout.setdefault("categorical", [])
    for item in categorical if isinstance(categorical, list) else [None]:
        if (not isinstance(item, dict) or set(item) != {"column", "categories"}
                or not isinstance(item["column"], str) or not isinstance(item["categories"], list)
                or not item["categories"] or len(set(item["categories"])) != len(item["categories"])):
            raise InputError("cannot parse --features: each 'categorical' entry must be"
                             " {\"column\": NAME, \"categories\": [distinct values, ...]}")
    if not layout["numeric"] and not categorical:
        raise InputError("cannot parse --features: declare at least one numeric or categorical feature")
    derived = layout.setdefault("derived", [])
    for item in derived if isinstance(derived, list) else [None]:
        if (not isinstance(item, dict) or set(item) != {"name", "expression", "tree"}
                or not isinstance(item["name"], str) or not isinstance(item["expression"], str)):
            raise InputError("cannot parse --features: each 'derived' entry must be"
                             " {\"name\": NAME, \"expression\": TEXT, \"tree\": TREE}")
    return layout


def derived_columns(layout, numeric_columns, name):
    """Each derived feature's value on every row, from the numeric columns (as Featurizer.fit)."""
    columns = {}
    for feature in layout["derived"]:
        try:
            with np.errstate(all="ignore"):
                values = evaluate_tree(feature["tree"], numeric_columns.__getitem__)
        except (ValueError, KeyError) as e:
            raise InputError("cannot parse --features: derived feature '%s': %s" % (feature["name"], e)) from None
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            raise InputError("cannot featurize data %s: row %d: derived feature '%s' (%s) is not a finite number"
                             % (name, bad[0] + 1, feature["name"], feature["expression"]))
        columns[feature["name"]] = values
    return columns


def feature_inputs(header, label, layout, name):
    """The request record's columns: the header minus label and dropped ones, as FeatureLayout.of."""
    categorical = [c["column"] for c in layout["categorical"]]
    inputs = []
    for column in header:
        if column == label or column in layout["drop"]:
            continue
        numeric = column in layout["numeric"]
        if not numeric and column not in categorical:
            raise InputError("cannot use data %s: column '%s' is neither dropped nor declared as a feature in the"
                             " pipeline spec (features.drop, .numeric or .categorical)" % (name, column))
        inputs.append({"name": column, "numeric": numeric})
    missing = [c for c in layout["numeric"] + categorical if c not in header]
    if missing:
        raise InputError("cannot use data %s: missing required column '%s' (columns are: %s)"
                         % (name, missing[0], ", ".join(header)))
    return inputs


def fit_scaler(column, train_rows):
    """scikit-learn's StandardScaler on the train rows, in their order: mean and scale (1 for a constant column)."""
    scaler = StandardScaler().fit(column[train_rows].reshape(-1, 1))
    return float(scaler.mean_[0]), float(scaler.scale_[0])


def featurize(table, numeric_columns, featurizer):
    """The feature matrix of every row: [scaled numerics][one-hot per categorical column]."""
    blocks = []
    for scaler in featurizer["numeric"]:
        blocks.append(((numeric_columns[scaler["name"]] - scaler["mean"]) / scaler["scale"])[:, None])
    for one_hot in featurizer["categorical"]:
        values = table.strings(one_hot["name"])
        block = np.zeros((len(values), len(one_hot["categories"])), dtype=np.float64)
        index = {c: k for k, c in enumerate(one_hot["categories"])}
        for i, value in enumerate(values):
            if value not in index:
                raise InputError("cannot featurize data %s: row %d (line %d), field '%s' has unknown category %s;"
                                 " known categories are: %s" % (table.name, i + 1, table.lines[i], one_hot["name"],
                                                                shown(value), ", ".join(one_hot["categories"])))
            block[i, index[value]] = 1.0
        blocks.append(block)
    return np.hstack(blocks) if blocks else np.zeros((len(table.rows), 0))


# ---------------------------------------------------------------- writing

def java_double(x):
    """x as Java's Double.toString writes it: plain for 1e-3 <= |x| < 1e7, else d.dddE<n>."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    text = repr(x)
    if 1e-3 <= abs(x) < 1e7 and "e" not in text:
        return text
    sign, digits, exponent = decimal.Decimal(text).as_tuple()
    digits = "".join(map(str, digits))
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    power = exponent + len(stripped) - 1
    prefix = "-" if sign else ""
    if -3 <= power < 7:
        if power < 0:
            return prefix + "0." + "0" * (-power - 1) + stripped
        whole = stripped[:power + 1].ljust(power + 1, "0")
        return prefix + whole + "." + (stripped[power + 1:] or "0")
    return prefix + stripped[0] + "." + (stripped[1:] or "0") + "E" + str(power)


def write_split(path, labels, features):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for label, row in zip(labels, features.tolist()):
            out.write(str(label))
            for value in row:
                out.write(",")
                out.write(java_double(value))
            out.write("\n")


def write_featurizer(folder, featurizer):
    """featurizer.json, and model.tar.gz holding it and code/inference.py (a SageMaker model's data is a tar.gz)."""
    write_model_data(folder, "featurizer.json", featurizer)


# ---------------------------------------------------------------- the step

def check_ratios(args):
    ratios = (args.train_ratio, args.validation_ratio, args.test_ratio)
    if any(not math.isfinite(r) or r < 0 or r > 1 for r in ratios):
        raise InputError("cannot split the data: every ratio must be between 0 and 1, got train %r, validation %r,"
                         " test %r" % ratios)
    if abs(sum(ratios) - 1.0) > 1e-9:
        raise InputError("cannot split the data: train %r + validation %r + test %r = %r, they must add up to 1"
                         % (ratios + (sum(ratios),)))


def preprocess(args):
    """Runs the step; returns the row count of each part."""
    check_ratios(args)
    layout = parse_features(args.features)
    path = find_input(args.input_data)
    table = read_table(path, path)
    label = table.header[table.column_index(layout["label"], layout["label_aliases"])]
    inputs = feature_inputs(table.header, label, layout, table.name)
    labels = table.labels(layout["label"], layout["label_aliases"])
    numeric_columns = {name: table.numbers(name) for name in layout["numeric"]}
    for column in layout["derived"]:
        if column["name"] in table.header:
            raise InputError("cannot use data %s: it has a column named '%s', the name of a derived feature in the"
                             " pipeline spec; rename the derived feature" % (table.name, column["name"]))
    numeric_columns.update(derived_columns(layout, numeric_columns, table.name))
    rows_of = split_rows(args, labels)
    train_rows = np.array(rows_of["train"], dtype=np.int64)
    if len(train_rows) == 0:
        raise InputError("cannot split data %s: the train split is empty (%d rows)" % (table.name, len(labels)))
    numeric = []
    for name in layout["numeric"] + [d["name"] for d in layout["derived"]]:
        mean, scale = fit_scaler(numeric_columns[name], train_rows)
        numeric.append({"name": name, "mean": mean, "scale": scale})
    categorical = [{"name": c["column"], "categories": list(c["categories"])} for c in layout["categorical"]]
    featurizer = {"format": FORMAT, "inputs": inputs, "numeric": numeric, "categorical": categorical,
                  "derived": [dict(d) for d in layout["derived"]],
                  "output_size": len(numeric) + sum(len(c["categories"]) for c in categorical)}
    features = featurize(table, numeric_columns, featurizer)
    label_array = np.array(labels, dtype=np.int64)
    counts = {}
    for part, folder in zip(PARTS, (args.train_dir, args.validation_dir, args.test_dir)):
        rows = np.array(rows_of[part], dtype=np.int64)
        write_split(os.path.join(folder, part + ".csv"), label_array[rows].tolist(), features[rows])
        counts[part] = len(rows)
    write_featurizer(args.model_dir, featurizer)
    return counts


def boolean(text):
    value = text.strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise argparse.ArgumentTypeError("expected true or false, got '%s'" % text)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Split, featurize and write the model-build data.")
    parser.add_argument("--input-data", default="/opt/ml/processing/input")
    parser.add_argument("--train-ratio", type=float, default=0.8)
    parser.add_argument("--validation-ratio", type=float, default=0.1)
    parser.add_argument("--test-ratio", type=float, default=0.1)
    parser.add_argument("--split-method", choices=SPLIT_METHODS, default="portable")
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--stratify", type=boolean, default=True)
    parser.add_argument("--features", required=True)
    parser.add_argument("--train-dir", default="/opt/ml/processing/train")
    parser.add_argument("--validation-dir", default="/opt/ml/processing/validation")
    parser.add_argument("--test-dir", default="/opt/ml/processing/test")
    parser.add_argument("--model-dir", default="/opt/ml/processing/model")
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
        counts = preprocess(args)
    except InputError as e:
        return fail("preprocess.py", str(e))
    print("preprocess.py: wrote %d train, %d validation and %d test rows and the featurizer"
          % (counts["train"], counts["validation"], counts["test"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

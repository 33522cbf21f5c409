#!/usr/bin/python3
"""The Python reference for bench/build-compare: the model-build steps of `mlops build` done the way a
data scientist would with Debian's pandas, scikit-learn and XGBoost, on the same file with the same
settings as pipelines/model-build.yaml:

  read       pandas.read_csv
  split      scikit-learn train_test_split, stratified on the label: 80 % train, 10 % validation, 10 % test
  featurize  ColumnTransformer(StandardScaler on the five numeric columns, OneHotEncoder on Type [H, L, M]),
             fitted on train only
  write      each split as CSV, label first, no header (pandas to_csv: shortest round-trip floats),
             and the fitted featurizer (joblib)
  train      xgboost.train, 10 rounds, tree_method exact, max_depth 3, eta 0.1, nthread 1 (as the project),
             eval metric AUC on train and validation
  evaluate   scores on test, AUC, accuracy, precision, recall, F1 at 0.5, ROC curve; evaluation.json
             and the model in XGBoost's JSON format

Usage: build_reference.py DATA.csv OUTPUT-DIR
Prints one JSON line: the step durations in ms and the test metrics.
"""
import json
import os
import sys
import time

import joblib
import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.compose import ColumnTransformer
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]", "Torque [Nm]",
           "Tool wear [min]"]
CATEGORICAL = ["Type"]
LABEL = "Machine failure"
PARAMS = {"objective": "binary:logistic", "max_depth": 3, "eta": 0.1, "gamma": 0, "min_child_weight": 1,
          "eval_metric": "auc", "tree_method": "exact", "base_score": 0.5, "seed": 0, "nthread": 1}


def main(data, out):
    steps = {}
    clock = time.perf_counter()

    def step(name):
        nonlocal clock
        now = time.perf_counter()
        steps[name] = round((now - clock) * 1000)
        clock = now

    frame = pd.read_csv(data, encoding="utf-8-sig").rename(columns={"Machine_failure": LABEL})
    step("read")
    y = frame[LABEL].astype(np.int64)
    x = frame[NUMERIC + CATEGORICAL]
    x_train, x_rest, y_train, y_rest = train_test_split(x, y, test_size=0.2, stratify=y, random_state=0)
    x_validation, x_test, y_validation, y_test = train_test_split(x_rest, y_rest, test_size=0.5, stratify=y_rest,
                                                                  random_state=0)
    step("split")
    featurizer = ColumnTransformer([("numeric", StandardScaler(), NUMERIC),
                                    ("categorical", OneHotEncoder(categories=[["H", "L", "M"]]), CATEGORICAL)])
    f_train = featurizer.fit_transform(x_train)
    f_validation = featurizer.transform(x_validation)
    f_test = featurizer.transform(x_test)
    step("featurize")
    for name, features, labels in (("train", f_train, y_train), ("validation", f_validation, y_validation),
                                   ("test", f_test, y_test)):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        split = pd.DataFrame(features)
        split.insert(0, "label", labels.to_numpy())
        split.to_csv(os.path.join(out, name, name + ".csv"), header=False, index=False)
    os.makedirs(os.path.join(out, "model"), exist_ok=True)
    joblib.dump(featurizer, os.path.join(out, "model", "featurizer.joblib"))
    step("write")
    train = xgb.DMatrix(f_train, label=y_train.to_numpy())
    validation = xgb.DMatrix(f_validation, label=y_validation.to_numpy())
    booster = xgb.train(PARAMS, train, num_boost_round=10, evals=[(train, "train"), (validation, "validation")],
                        verbose_eval=False)
    booster.save_model(os.path.join(out, "model", "xgboost-model.json"))
    step("train")
    scores = booster.predict(xgb.DMatrix(f_test))
    predicted = (scores > 0.5).astype(np.int64)
    fpr, tpr, _ = roc_curve(y_test, scores)
    metrics = {"auc": roc_auc_score(y_test, scores), "accuracy": accuracy_score(y_test, predicted),
               "precision": precision_score(y_test, predicted, zero_division=0),
               "recall": recall_score(y_test, predicted, zero_division=0),
               "f1": f1_score(y_test, predicted, zero_division=0)}
    os.makedirs(os.path.join(out, "evaluation"), exist_ok=True)
    with open(os.path.join(out, "evaluation", "evaluation.json"), "w", encoding="utf-8") as f:
        json.dump({"binary_classification_metrics": {k: {"value": v} for k, v in metrics.items()},
                   "roc": {"false_positive_rates": fpr.tolist(), "true_positive_rates": tpr.tolist()}}, f)
    step("evaluate")
    print(json.dumps({"steps_ms": steps, "metrics": metrics, "rows": len(frame)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

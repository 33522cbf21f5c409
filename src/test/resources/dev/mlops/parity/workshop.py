#!/usr/bin/env python3
"""The AWS workshop's preprocessing and training, as the workshop wrote them (pandas, scikit-learn's
train_test_split and ColumnTransformer, XGBoost's own training), independent of model-build/: the
reference pipelines/workshop.yaml must reproduce to the bit (WorkshopParityTest).

  workshop.py DATA.csv OUT_DIR [RECORD ...]

writes OUT_DIR/workshop.json: the row indices of train and validation (in train_test_split's order),
the scaler's mean and scale, the featurized rows, the model's validation scores and metrics, the
score of each RECORD (a request line: Type,air,process,speed,torque,wear), and the model (JSON).
Numbers are written with repr, which round-trips a float64 exactly.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.compose import ColumnTransformer
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder, StandardScaler

CAT_COLUMNS = ["Type"]
NUM_COLUMNS = ["Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]", "Torque [Nm]",
               "Tool wear [min]"]
TARGET = "Machine failure"
PARAMS = {"objective": "binary:logistic", "max_depth": 3, "eta": 0.1, "gamma": 0, "min_child_weight": 1,
          "eval_metric": "auc", "tree_method": "exact", "base_score": 0.5, "nthread": 1}
NUM_ROUND = 10


def main(data, out_dir, records):
    df = pd.read_csv(data, encoding="utf-8-sig").rename(columns={"Machine_failure": TARGET})
    df = df[CAT_COLUMNS + NUM_COLUMNS + [TARGET]]
    X = df.drop(TARGET, axis=1)
    y = df[TARGET]
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
    transformer = ColumnTransformer(transformers=[("numeric", StandardScaler(), NUM_COLUMNS),
                                                  ("categorical", OneHotEncoder(), CAT_COLUMNS)])
    featurizer = transformer.fit(X_train)
    train_features = featurizer.transform(X_train)
    val_features = featurizer.transform(X_val)
    dtrain = xgb.DMatrix(train_features, label=y_train.to_numpy())
    dval = xgb.DMatrix(val_features, label=y_val.to_numpy())
    booster = xgb.train(PARAMS, dtrain, NUM_ROUND, evals=[(dtrain, "train"), (dval, "validation")], verbose_eval=False)
    scores = booster.predict(dval)
    labels = (scores > 0.5).astype(int)
    request = pd.DataFrame([r.split(",") for r in records], columns=CAT_COLUMNS + NUM_COLUMNS) if records else None
    if request is not None:
        request[NUM_COLUMNS] = request[NUM_COLUMNS].astype(np.float64)
    scaler = featurizer.named_transformers_["numeric"]
    result = {
        "train_rows": X_train.index.tolist(),
        "validation_rows": X_val.index.tolist(),
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "categories": [c.tolist() for c in featurizer.named_transformers_["categorical"].categories_],
        "train_labels": y_train.tolist(),
        "train_features": train_features.tolist(),
        "validation_labels": y_val.tolist(),
        "validation_features": val_features.tolist(),
        "validation_scores": scores.astype(np.float64).tolist(),
        "metrics": {"auc": roc_auc_score(y_val, scores), "accuracy": accuracy_score(y_val, labels),
                    "precision": precision_score(y_val, labels, zero_division=0),
                    "recall": recall_score(y_val, labels), "f1": f1_score(y_val, labels)},
        "records": records,
        "record_scores": [] if request is None else
        booster.predict(xgb.DMatrix(featurizer.transform(request))).astype(np.float64).tolist(),
        "model": json.loads(booster.save_raw("json").decode("utf-8")),
    }
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "workshop.json"), "w", encoding="utf-8") as out:
        json.dump(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))

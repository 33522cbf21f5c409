"""The Python reference stack for bench/serving-compare: what SageMaker's containers run for this
model, in one gunicorn app. The featurizer is model-build/inference.py (the scikit-learn container's
script: input_fn, predict_fn), then XGBoost scores the vectors as the XGBoost container does
(a DMatrix, Booster.predict), and the answer is the endpoint's JSON.

MODEL_DIR holds featurizer.json and xgboost-model.json as `mlops build` wrote them.
Run: MODEL_DIR=... gunicorn --chdir bench/python reference_app:app
"""
import json
import os
import sys

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "model-build"))
import inference  # noqa: E402  (the featurizer container's own script)

MODEL_DIR = os.environ["MODEL_DIR"]
FEATURIZER = inference.model_fn(MODEL_DIR)
BOOSTER = xgb.Booster()
BOOSTER.load_model(os.path.join(MODEL_DIR, "xgboost-model.json"))


def app(environ, start_response):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        records = inference.input_fn(body, environ.get("CONTENT_TYPE", ""))
        vectors = inference.predict_fn(records, FEATURIZER)
        scores = BOOSTER.predict(xgb.DMatrix(np.asarray(vectors, dtype=np.float32)))
        out = json.dumps({"predictions": [{"score": float(s), "predicted_label": int(s > 0.5)} for s in scores]})
        status = "200 OK"
    except ValueError as e:
        out = json.dumps({"error": str(e)})
        status = "400 Bad Request"
    data = out.encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]

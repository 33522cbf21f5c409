package dev.mlops.server;

import dev.mlops.deploy.EndpointConfig;
import dev.mlops.ml.Decision;
import dev.mlops.ml.Featurizer;
import dev.mlops.ml.RecordException;
import dev.mlops.ml.XgbModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint config's inference pipeline in memory: the featurizer, the booster, then the decision. The native
 * booster is freed only when the last request using it is done, so a traffic switch never pulls
 * it from under a request in flight: the endpoint holds one reference, each request another.
 */
final class LoadedModel {
    private final EndpointConfig config;
    private final Featurizer featurizer;
    private final XgbModel booster;
    private final Decision decision;
    private final AtomicInteger holders = new AtomicInteger(1);

    LoadedModel(EndpointConfig config, Featurizer featurizer, XgbModel booster, Decision decision) {
        this.config = config;
        this.featurizer = featurizer;
        this.booster = booster;
        this.decision = decision;
    }

    /** Where predicted_label switches to 1: the package's chosen threshold. */
    Decision decision() {
        return decision;
    }

    EndpointConfig config() {
        return config;
    }

    Featurizer featurizer() {
        return featurizer;
    }

    /** Takes a reference for one request; false when the model was already freed. */
    boolean acquire() {
        while (true) {
            int current = holders.get();
            if (current == 0) {
                return false;
            }
            if (holders.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one frees the booster. */
    void release() {
        if (holders.decrementAndGet() == 0) {
            booster.close();
        }
    }

    /**
     * Scores records given as raw fields, one per CSV line.
     *
     * @throws RecordException naming the 1-based line and the field when a record is malformed
     */
    double[] score(List<List<String>> records) {
        double[][] rows = new double[records.size()][];
        for (int i = 0; i < rows.length; i++) {
            try {
                rows[i] = featurizer.transform(records.get(i));
            } catch (RecordException e) {
                throw new RecordException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return booster.predict(rows);
    }
}

package dev.mlops.server;

import dev.mlops.deploy.EndpointConfig;
import dev.mlops.ml.Decision;
import dev.mlops.ml.Featurizer;
import dev.mlops.ml.RecordException;
import dev.mlops.ml.TreeEnsemble;
import java.util.List;

/**
 * One endpoint config's inference pipeline in memory: the featurizer, the booster's trees
 * evaluated in Java (see {@link TreeEnsemble}), then the decision. Immutable plain memory: a request
 * in flight keeps the model it started with even if traffic switches, and nothing needs freeing.
 */
final class LoadedModel {
    private final EndpointConfig config;
    private final Featurizer featurizer;
    private final TreeEnsemble booster;
    private final Decision decision;
    private final String variantName;

    LoadedModel(EndpointConfig config, Featurizer featurizer, TreeEnsemble booster, Decision decision) {
        this.config = config;
        this.variantName = config.variantName();
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

    /** The config's production variant name, hashed once at load rather than on every answer. */
    String variantName() {
        return variantName;
    }

    Featurizer featurizer() {
        return featurizer;
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

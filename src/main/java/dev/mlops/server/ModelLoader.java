package dev.mlops.server;

import dev.mlops.MlopsException;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.ModelRef;
import dev.mlops.ml.Decision;
import dev.mlops.ml.Featurizer;
import dev.mlops.ml.TreeEnsemble;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a config's featurizer and booster from the artifact store and health-checks them before
 * they may take traffic: a known record must score a finite number in [0, 1].
 */
final class ModelLoader {
    private final LocalArtifactStore store;

    ModelLoader(LocalArtifactStore store) {
        this.store = store;
    }

    /** The failure of one load, with a message fit for {@code FailureReason}. */
    static final class LoadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        LoadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    LoadedModel load(EndpointConfig config) throws LoadFailure {
        String what = "cannot load model package " + config.model() + " for endpoint config " + config.configName() + ": ";
        Featurizer featurizer;
        TreeEnsemble booster;
        Decision decision;
        try {
            String featurizerUri = config.model().artifact(ModelRef.FEATURIZER);
            featurizer = Featurizer.fromJson(new String(store.read(featurizerUri), StandardCharsets.UTF_8), featurizerUri);
            booster = TreeEnsemble.fromJson(store.read(config.model().artifact(ModelRef.MODEL)), featurizer.outputSize());
            String decisionUri = config.model().artifacts().get(ModelRef.DECISION);
            decision = decisionUri == null ? Decision.DEFAULT
                    : Decision.fromJson(new String(store.read(decisionUri), StandardCharsets.UTF_8), decisionUri);
        } catch (MlopsException | IllegalStateException e) {
            throw new LoadFailure(what + e.getMessage(), e);
        }
        LoadedModel model = new LoadedModel(config, featurizer, booster, decision);
        try {
            healthCheck(model);
            return model;
        } catch (RuntimeException e) {
            throw new LoadFailure(what + "health check failed: " + e.getMessage(), e);
        }
    }

    /** Scores the record made of each numeric input's training mean and each category's first value. */
    static void healthCheck(LoadedModel model) {
        double score = model.score(List.of(knownRecord(model.featurizer())))[0];
        if (!Double.isFinite(score) || score < 0 || score > 1) {
            throw new IllegalStateException("the known record scored " + score + ", expected a number in [0, 1]");
        }
    }

    private static List<String> knownRecord(Featurizer featurizer) {
        List<String> record = new ArrayList<>();
        for (Featurizer.InputColumn input : featurizer.inputs()) {
            record.add(input.numeric()
                    ? featurizer.numeric().stream().filter(s -> s.name().equals(input.name()))
                            .map(s -> Double.toString(s.mean())).findFirst().orElse("0")
                    : featurizer.categorical().stream().filter(c -> c.name().equals(input.name()))
                            .map(c -> c.categories().get(0)).findFirst().orElse(""));
        }
        return record;
    }
}

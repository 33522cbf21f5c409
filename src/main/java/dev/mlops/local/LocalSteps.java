package dev.mlops.local;

import dev.mlops.WorkFailedException;
import dev.mlops.data.DataResolver;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.deploy.ModelRef;
import dev.mlops.ml.BinaryMetrics;
import dev.mlops.ml.Decision;
import dev.mlops.ml.EvaluationReport;
import dev.mlops.ml.FeatureMatrix;
import dev.mlops.ml.ModelQualityJson;
import dev.mlops.ml.PortableSplit.Part;
import dev.mlops.ml.ThresholdChoice;
import dev.mlops.ml.XgbModel;
import dev.mlops.pipeline.RegisteredPackage;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.NewModelPackage;
import dev.mlops.spec.GateMetrics;
import dev.mlops.spec.ResolvedPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The steps of the model-build pipeline as the local backend runs them, in-process. */
final class LocalSteps {
    private final LocalArtifactStore store;
    private final DataResolver data;
    private final BuildLedger ledger;

    LocalSteps(LocalArtifactStore store, DataResolver data, BuildLedger ledger) {
        this.store = store;
        this.data = data;
        this.ledger = ledger;
    }

    void preprocess(LocalExecution execution) {
        String source = execution.plan.pipeline().dataSource();
        Path file = data.resolve(source);
        execution.prepared = PreparedData.of(file, execution.plan.pipeline(), source, (part, content) -> {
            String name = part.name().toLowerCase();
            String uri = execution.artifactPrefix + "preprocess/" + name + "/" + name + ".csv";
            execution.artifacts.put(name, store.write(uri, content));
        });
        put(execution, "featurizer", "model/featurizer.json", execution.prepared.featurizer().toJson());
    }

    void train(LocalExecution execution) {
        ResolvedPipeline pipeline = execution.plan.pipeline();
        PreparedData prepared = execution.prepared;
        execution.trained = XgbModel.train(prepared.features().get(Part.TRAIN), prepared.labels().get(Part.TRAIN),
                prepared.features().get(Part.VALIDATION), prepared.labels().get(Part.VALIDATION),
                pipeline.boosterParameters(), pipeline.numRound(), pipeline.earlyStoppingRounds().orElse(0));
        String uri = execution.artifactPrefix + "model/xgboost-model.json";
        execution.artifacts.put("model", store.write(uri, execution.trained.model().toJson()));
    }

    void evaluate(LocalExecution execution) {
        ResolvedPipeline pipeline = execution.plan.pipeline();
        Part heldOut = pipeline.spec().evaluation().split().equals("test") ? Part.TEST : Part.VALIDATION;
        FeatureMatrix x = execution.prepared.features().get(heldOut);
        int[] y = execution.prepared.labels().get(heldOut);
        double[] scores = execution.trained.model().predict(x);
        // chosen on the validation split only: the held-out test rows never influence the threshold
        ThresholdChoice choice = ThresholdChoice.choose(pipeline.spec().evaluation().threshold(),
                execution.trained.model().predict(execution.prepared.features().get(Part.VALIDATION)),
                execution.prepared.labels().get(Part.VALIDATION));
        execution.threshold = choice;
        BinaryMetrics metrics = BinaryMetrics.compute(scores, y, choice.threshold());
        if (Double.isNaN(metrics.auc())) {
            throw new WorkFailedException("cannot evaluate the model: the " + heldOut.name().toLowerCase()
                    + " split holds only one class (" + y.length + " rows); use more data or a larger ratio");
        }
        execution.metrics = metrics;
        put(execution, "evaluation", "evaluation/evaluation.json", ModelQualityJson.write(metrics, Optional.of(choice)));
        put(execution, ModelRef.DECISION, "decision/decision.json", Decision.of(choice.threshold()).toJson());
        put(execution, "report", "evaluation/report.html", EvaluationReport.html(metrics, reportContext(execution, heldOut)));
    }

    /**
     * Checks every condition and keeps every failure, each naming metric, value and bound. A model
     * that predicts one class for the whole evaluation split fails whatever the spec's conditions,
     * as the compiled QualityGate step's built-in conditions make it fail on SageMaker.
     */
    void qualityGate(LocalExecution execution) {
        Map<String, Double> values = ModelQualityJson.gateValues(execution.metrics);
        List<String> failures = new ArrayList<>();
        execution.threshold.failure().ifPresent(failures::add);
        singleClass(values, execution.plan.pipeline().spec().evaluation().split()).ifPresent(failures::add);
        for (ResolvedPipeline.Gate gate : execution.plan.pipeline().gate()) {
            gate.check(values.get(gate.metric())).ifPresent(failures::add);
        }
        execution.gateFailure = failures.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failures));
    }

    private static Optional<String> singleClass(Map<String, Double> values, String split) {
        long positives = values.get(GateMetrics.PREDICTED_POSITIVES).longValue();
        long negatives = values.get(GateMetrics.PREDICTED_NEGATIVES).longValue();
        if (positives > 0 && negatives > 0) {
            return Optional.empty();
        }
        String metric = positives == 0 ? GateMetrics.PREDICTED_POSITIVES : GateMetrics.PREDICTED_NEGATIVES;
        return Optional.of("the model predicts a single class (" + (positives == 0 ? 0 : 1) + ") for all "
                + (positives + negatives) + " rows of the " + split + " split: " + metric + " 0 is below the minimum 1");
    }

    void fail(LocalExecution execution) {
        throw new WorkFailedException("quality gate failed: " + execution.gateFailure.orElseThrow());
    }

    void register(LocalExecution execution) {
        ResolvedPipeline pipeline = execution.plan.pipeline();
        // Approved only when the spec itself auto-approves; the decision names that setting and its reason.
        Optional<NewModelPackage.Decision> decision = pipeline.spec().registration().autoApprove()
                .map(auto -> new NewModelPackage.Decision(auto.by(), auto.reason()));
        ModelPackage registered = ledger.register(new NewModelPackage(pipeline.modelPackageGroup(),
                ApprovalStatus.parse(pipeline.approvalStatus()), ModelQualityJson.headline(execution.metrics),
                Map.copyOf(execution.artifacts), execution.plan.commit(), Optional.of(execution.id),
                Optional.of("pipeline " + pipeline.spec().name() + " execution " + execution.id + " on data "
                        + pipeline.dataSource()), "pipeline:" + pipeline.spec().name(), decision),
                execution.id, execution.buildKey);
        execution.registered = Optional.of(new RegisteredPackage(registered.group(), registered.version(),
                registered.arn(), registered.approvalStatus().name()));
    }

    /** The clear error for a step that ran out of heap: the rows of the data and the -Xmx that fits them. */
    WorkFailedException heapExceeded(String step, LocalExecution execution) {
        String source = execution.plan.pipeline().dataSource();
        long rows = execution.prepared != null ? execution.prepared.rows() : HeapLimit.rowsOf(data.resolve(source));
        return HeapLimit.exceeded(step, source, rows);
    }

    Path localPath(String uri) {
        return store.pathOf(uri);
    }

    private void put(LocalExecution execution, String name, String key, String content) {
        String uri = execution.artifactPrefix + key;
        execution.artifacts.put(name, store.write(uri, content.getBytes(StandardCharsets.UTF_8)));
    }

    private static EvaluationReport.Context reportContext(LocalExecution execution, Part heldOut) {
        ResolvedPipeline pipeline = execution.plan.pipeline();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("pipeline", pipeline.spec().name());
        facts.put("execution", execution.id);
        facts.put("commit", execution.plan.commit().orElse("(not in a Git repository)"));
        facts.put("data", pipeline.dataSource());
        facts.put("evaluated on", heldOut.name().toLowerCase() + " split, "
                + execution.prepared.labels().get(heldOut).length + " rows");
        ThresholdChoice threshold = execution.threshold;
        facts.put("decision threshold", threshold.threshold() + (threshold.rule().isChosen()
                ? " (" + threshold.rule().describe() + " on the validation split" + threshold.failure().map(f -> "; " + f)
                .orElse("") + ")" : " (fixed in the spec)"));
        List<EvaluationReport.Baseline> serving = new ArrayList<>();
        try {
            execution.plan.serving().now().forEach(v -> serving.add(
                    new EvaluationReport.Baseline(v.env(), v.version(), v.metrics(), v.evaluatedOn())));
        } catch (RuntimeException e) {
            // the comparison is a courtesy: a desired state that cannot be read must not fail the build
            facts.put("compared with", "nothing: cannot tell which versions serve (" + e.getMessage() + ")");
        }
        XgbModel.Trained trained = execution.trained;
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("train", trained.trainCurve());
        curves.put("validation", trained.validationCurve());
        return new EvaluationReport.Context("Model evaluation: " + pipeline.spec().name() + " / " + execution.id, facts,
                new EvaluationReport.Threshold(threshold.threshold(),
                        threshold.rule().isChosen() ? Optional.of(threshold.rule().describe()) : Optional.empty()),
                gateRules(execution.metrics, pipeline.gate()), List.copyOf(serving),
                trained.model().importance(execution.prepared.featurizer().outputNames()),
                new EvaluationReport.TrainingCurve(trained.metric(), curves), pipeline.parameters().values(),
                pipeline.hyperparameters());
    }

    /** The gate as {@link #qualityGate} checks it, rule by rule: the built-in two-classes rule, then the spec's. */
    private static List<EvaluationReport.GateRule> gateRules(BinaryMetrics metrics, List<ResolvedPipeline.Gate> gate) {
        Map<String, Double> values = ModelQualityJson.gateValues(metrics);
        List<EvaluationReport.GateRule> rules = new ArrayList<>();
        for (String count : List.of(GateMetrics.PREDICTED_POSITIVES, GateMetrics.PREDICTED_NEGATIVES)) {
            double value = values.get(count);
            rules.add(new EvaluationReport.GateRule(count, value, OptionalDouble.of(1), OptionalDouble.empty(), value >= 1,
                    true));
        }
        for (ResolvedPipeline.Gate g : gate) {
            double value = values.get(g.metric());
            rules.add(new EvaluationReport.GateRule(g.metric(), value, g.min(), g.max(), g.check(value).isEmpty(), false));
        }
        return List.copyOf(rules);
    }
}

package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Expr.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.PipelineSpec.Split;

/**
 * The Preprocess step: {@code preprocess.py} on the scikit-learn image splits the input and
 * featurizes it as the local backend does, and writes headerless CSVs with the label first (what
 * the built-in XGBoost algorithm reads) plus the featurizer archive the inference pipeline serves.
 */
final class PreprocessStep {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    private PreprocessStep() {
    }

    static ObjectNode emit(Compilation c) {
        Split split = c.spec().split();
        ArrayNode args = ProcessingJob.strings("--input-data", Names.DATA_DIR);
        args.add("--train-ratio").add(c.text(split.train()));
        args.add("--validation-ratio").add(c.text(split.validation()));
        args.add("--test-ratio").add(c.text(split.test()));
        args.add("--split-method").add(split.method().spelling());
        args.add("--split-seed").add(Long.toString(split.seed()));
        args.add("--stratify").add(Boolean.toString(split.stratify()));
        // a file, not inline JSON: SageMaker caps each container argument at 256 characters
        args.add("--features").add(Names.CODE_DIR + "/" + Names.FEATURES_FILE);
        ArrayNode inputs = JSON.arrayNode();
        inputs.add(ProcessingJob.input("input", c.text(c.spec().data().source()), Names.DATA_DIR));
        ArrayNode outputs = JSON.arrayNode();
        for (String output : new String[] {Names.TRAIN_SPLIT, Names.VALIDATION_SPLIT, Names.TEST_SPLIT, Names.FEATURIZER}) {
            // the script is told each folder SageMaker uploads, rather than trusted to default to it
            args.add("--" + output + "-dir").add(Names.outputDir(output));
            outputs.add(ProcessingJob.output(c, Names.PREPROCESS, output));
        }
        ProcessingJob.App app = new ProcessingJob.App(c.sklearnImage(), Names.PREPROCESS_SCRIPT, args);
        return ProcessingJob.step(Names.PREPROCESS, ProcessingJob.arguments(c, app, inputs, outputs));
    }

    /** The content of {@code features.json}: the label, its other spellings, the feature layout and derived features. */
    static ObjectNode features(PipelineSpec spec) {
        ObjectNode features = JSON.objectNode();
        features.put("label", spec.data().label());
        spec.data().labelAliases().forEach(features.putArray("label_aliases")::add);
        spec.features().drop().forEach(features.putArray("drop")::add);
        spec.features().numeric().forEach(features.putArray("numeric")::add);
        ArrayNode categorical = features.putArray("categorical");
        for (PipelineSpec.Categorical column : spec.features().categorical()) {
            ObjectNode entry = categorical.addObject();
            entry.put("column", column.column());
            column.categories().forEach(entry.putArray("categories")::add);
        }
        // parsed once, here: preprocess.py evaluates the tree, it never parses an expression
        if (!spec.features().derived().isEmpty()) {
            ArrayNode derived = features.putArray("derived");
            for (PipelineSpec.Derived feature : spec.features().derived()) {
                ObjectNode entry = derived.addObject();
                entry.put("name", feature.name());
                entry.put("expression", feature.expression());
                entry.set("tree", JSON_MAPPER.valueToTree(feature.tree().toTree()));
            }
        }
        return features;
    }
}

package dev.mlops.local;

import dev.mlops.data.CsvTable;
import dev.mlops.ml.FeatureLayout;
import dev.mlops.ml.Featurizer;
import dev.mlops.ml.PortableSplit;
import dev.mlops.ml.PortableSplit.Part;
import dev.mlops.ml.SklearnSplit;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.ResolvedPipeline;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Preprocess step's output: the featurizer fitted on the train split only, and the featurized
 * rows and labels of each split, as SageMaker's processing job would write them (rows in the
 * split method's order: file order for the portable split, scikit-learn's permuted order for sklearn).
 */
record PreparedData(Featurizer featurizer, Map<Part, double[][]> features, Map<Part, int[]> labels) {

    static PreparedData of(CsvTable table, ResolvedPipeline pipeline, String source) {
        PipelineSpec.Data data = pipeline.spec().data();
        int labelIndex = table.columnIndex(data.label(), data.labelAliases());
        String label = table.header().get(labelIndex);
        FeatureLayout layout = FeatureLayout.of(table.header(), label, pipeline.spec().features(), source);
        int[] y = table.labelColumn(data.label(), data.labelAliases());
        Map<String, double[]> numeric = new LinkedHashMap<>();
        layout.numeric().forEach(name -> numeric.put(name, table.numericColumn(name)));
        Map<String, String[]> columns = new LinkedHashMap<>();
        for (Featurizer.InputColumn input : layout.inputs()) {
            columns.put(input.name(), table.stringColumn(input.name()));
        }
        Map<Part, int[]> split = split(y, pipeline.ratios(), source);
        int[] trainRows = split.get(Part.TRAIN);
        if (trainRows.length == 0) {
            throw new dev.mlops.InputException("cannot split data " + source + ": the train split is empty ("
                    + table.rowCount() + " rows)");
        }
        Featurizer featurizer = Featurizer.fit(layout, numeric, trainRows);
        Map<Part, double[][]> features = new EnumMap<>(Part.class);
        Map<Part, int[]> labels = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            int[] rows = split.get(part);
            double[][] x = new double[rows.length][];
            int[] partLabels = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                x[i] = featurizer.transform(record(columns, rows[i]));
                partLabels[i] = y[rows[i]];
            }
            features.put(part, x);
            labels.put(part, partLabels);
        }
        return new PreparedData(featurizer, features, labels);
    }

    /** The rows of each part, in the order the method gives them (which reaches the model). */
    private static Map<Part, int[]> split(int[] y, ResolvedPipeline.Ratios ratios, String source) {
        Map<Part, int[]> rows = new EnumMap<>(Part.class);
        if (ratios.method() == PipelineSpec.SplitMethod.SKLEARN) {
            SklearnSplit.Rows sklearn = SklearnSplit.trainTestSplit(y, ratios.validation(), ratios.seed(),
                    ratios.stratify(), source);
            rows.put(Part.TRAIN, sklearn.train());
            rows.put(Part.VALIDATION, sklearn.test());
            rows.put(Part.TEST, new int[0]);
            return rows;
        }
        Part[] parts = PortableSplit.assign(y, ratios.validation(), ratios.test(), ratios.seed(), ratios.stratify());
        for (Part part : Part.values()) {
            rows.put(part, PortableSplit.rowsOf(parts, part));
        }
        return rows;
    }

    private static List<String> record(Map<String, String[]> columns, int row) {
        List<String> values = new ArrayList<>(columns.size());
        columns.values().forEach(column -> values.add(column[row]));
        return values;
    }

    /** A split as SageMaker's built-in XGBoost reads it: label first, no header. */
    String csv(Part part) {
        StringBuilder out = new StringBuilder();
        double[][] x = features.get(part);
        int[] y = labels.get(part);
        for (int i = 0; i < x.length; i++) {
            out.append(y[i]);
            for (double v : x[i]) {
                out.append(',').append(v);
            }
            out.append('\n');
        }
        return out.toString();
    }
}

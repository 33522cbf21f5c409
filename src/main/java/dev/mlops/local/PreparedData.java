package dev.mlops.local;

import dev.mlops.AtomicFiles;
import dev.mlops.InputException;
import dev.mlops.data.CsvTable;
import dev.mlops.data.NumberRows;
import dev.mlops.ml.FeatureLayout;
import dev.mlops.ml.FeatureMatrix;
import dev.mlops.ml.Featurizer;
import dev.mlops.ml.PortableSplit;
import dev.mlops.ml.PortableSplit.Part;
import dev.mlops.ml.SklearnSplit;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.ResolvedPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Preprocess step's output: the featurizer fitted on the train split only, and the featurized
 * rows and labels of each split, as SageMaker's processing job would write them (rows in the
 * split method's order: file order for the portable split, scikit-learn's permuted order for sklearn).
 * Data flows in columns: the file is read into primitive arrays, each split is featurized once, row
 * by row, into its CSV (streamed to the file) and its float matrix (what XGBoost trains on).
 */
record PreparedData(Featurizer featurizer, Map<Part, FeatureMatrix> features, Map<Part, int[]> labels, int rows) {

    /** Where a split's CSV goes: the content streams into the file as {@code writeTo} runs. */
    interface SplitFiles {
        void write(Part part, AtomicFiles.Bytes content);
    }

    static PreparedData of(Path file, ResolvedPipeline pipeline, String source, SplitFiles splits) {
        PipelineSpec.Data data = pipeline.spec().data();
        CsvTable.Header header = CsvTable.header(file, source);
        String label = header.names().get(header.columnIndex(data.label(), data.labelAliases()));
        FeatureLayout layout = FeatureLayout.of(header.names(), label, pipeline.spec().features(), source);
        List<String> categorical = layout.categorical().stream().map(Featurizer.OneHot::name).toList();
        CsvTable table = CsvTable.read(file, source, new CsvTable.Plan(
                Optional.of(new CsvTable.Label(data.label(), data.labelAliases())), layout.numeric(), categorical));
        int[] y = table.labels();
        Map<String, double[]> numeric = new LinkedHashMap<>();
        layout.numeric().forEach(name -> numeric.put(name, table.numericColumn(name)));
        Map<Part, int[]> split = split(y, pipeline.ratios(), source);
        int[] trainRows = split.get(Part.TRAIN);
        if (trainRows.length == 0) {
            throw new InputException("cannot split data " + source + ": the train split is empty ("
                    + table.rowCount() + " rows)");
        }
        Featurizer featurizer = Featurizer.fit(layout, numeric, trainRows);
        Rows rows = new Rows(table, featurizer);
        Map<Part, FeatureMatrix> features = new EnumMap<>(Part.class);
        Map<Part, int[]> labels = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            int[] partRows = split.get(part);
            int[] partLabels = new int[partRows.length];
            for (int i = 0; i < partRows.length; i++) {
                partLabels[i] = y[partRows[i]];
            }
            float[] x = new float[partRows.length * featurizer.outputSize()];
            splits.write(part, out -> rows.featurize(partRows, partLabels, x, new NumberRows(out)));
            features.put(part, new FeatureMatrix(x, partRows.length, featurizer.outputSize()));
            labels.put(part, partLabels);
        }
        return new PreparedData(featurizer, features, labels, table.rowCount());
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

    /** The table's rows as the featurizer's inputs: numbers by column, categories as featurizer indexes. */
    private static final class Rows {
        private final CsvTable table;
        private final Featurizer featurizer;
        private final double[][] numeric;
        private final int[][] codes;
        /** Per categorical column: the featurizer's index of each of the file's distinct values, -1 if unknown. */
        private final int[][] categoryOfCode;

        Rows(CsvTable table, Featurizer featurizer) {
            this.table = table;
            this.featurizer = featurizer;
            numeric = featurizer.rawNumeric().stream().map(s -> table.numericColumn(s.name())).toArray(double[][]::new);
            List<Featurizer.OneHot> oneHots = featurizer.categorical();
            codes = new int[oneHots.size()][];
            categoryOfCode = new int[oneHots.size()][];
            for (int c = 0; c < oneHots.size(); c++) {
                CsvTable.Categories column = table.categoricalColumn(oneHots.get(c).name());
                codes[c] = column.codes();
                List<String> known = oneHots.get(c).categories();
                categoryOfCode[c] = column.values().stream().mapToInt(known::indexOf).toArray();
                requireKnown(oneHots.get(c), column, categoryOfCode[c]);
            }
        }

        /** An unknown category fails the build at its first row, as preprocess.py reports it. */
        private void requireKnown(Featurizer.OneHot oneHot, CsvTable.Categories column, int[] category) {
            for (int row = 0; row < column.codes().length; row++) {
                int code = column.codes()[row];
                if (category[code] < 0) {
                    String value = column.values().get(code);
                    String shown = value.length() > 40 ? "'" + value.substring(0, 40) + "...'" : "'" + value + "'";
                    throw new InputException("cannot featurize data " + table.displayName() + ": row " + (row + 1)
                            + " (line " + table.lineNumber(row) + "), field '" + oneHot.name() + "' has unknown category "
                            + shown + "; known categories are: " + String.join(", ", oneHot.categories()));
                }
            }
        }

        /** Featurizes {@code partRows} once: each row goes to the CSV and, as floats, to {@code x}. */
        void featurize(int[] partRows, int[] partLabels, float[] x, NumberRows csv) throws IOException {
            double[] numbers = new double[numeric.length];
            int[] categories = new int[codes.length];
            double[] out = new double[featurizer.outputSize()];
            int k = 0;
            for (int i = 0; i < partRows.length; i++) {
                int row = partRows[i];
                for (int c = 0; c < numbers.length; c++) {
                    numbers[c] = numeric[c][row];
                }
                for (int c = 0; c < categories.length; c++) {
                    categories[c] = categoryOfCode[c][codes[c][row]];
                }
                featurizer.transform(numbers, categories, out);
                csv.label(partLabels[i]);
                for (double v : out) {
                    csv.number(v);
                    x[k++] = (float) v;
                }
                csv.endRow();
            }
            csv.flush();
        }
    }
}

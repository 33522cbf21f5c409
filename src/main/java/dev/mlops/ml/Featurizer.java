package dev.mlops.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.InputException;
import dev.mlops.spec.Expression;
import dev.mlops.spec.PipelineSpec.Derived;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted preprocessing: the derived features computed from the numeric columns, StandardScaler
 * on the numeric columns and derived features (population standard deviation, a constant column
 * scaled by 1, as scikit-learn does) then one-hot encoding with a fixed category order; output
 * {@code [scaled numerics][scaled derived][one-hot...]}. Fitted on the train split only. It is a model artifact (JSON) that the serving side and the SageMaker-side Python
 * scripts load, so all three featurize identically.
 */
public record Featurizer(List<InputColumn> inputs, List<Scaler> numeric, List<OneHot> categorical, List<Derived> derived) {
    public static final String FORMAT = "mlops-featurizer/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A column of the request record, in request order. */
    public record InputColumn(String name, boolean numeric) {
    }

    public record Scaler(String name, double mean, double scale) {
    }

    public record OneHot(String name, List<String> categories) {
    }

    public Featurizer {
        inputs = List.copyOf(inputs);
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
        derived = List.copyOf(derived);
    }

    /** Fits the scalers on the given (train) rows of each numeric column and derived feature. */
    public static Featurizer fit(FeatureLayout layout, Map<String, double[]> numericColumns, int[] trainRows) {
        Map<String, double[]> columns = new LinkedHashMap<>(numericColumns);
        int rowCount = numericColumns.values().stream().findFirst().map(c -> c.length).orElse(0);
        for (Derived d : layout.derived()) {
            double[] values = new double[rowCount];
            for (int row = 0; row < rowCount; row++) {
                int r = row;
                values[row] = d.tree().evaluate(name -> numericColumns.get(name)[r]);
            }
            columns.put(d.name(), values);
        }
        List<Scaler> scalers = new ArrayList<>();
        for (String name : scaled(layout)) {
            double[] column = columns.get(name);
            double sum = 0;
            for (int row : trainRows) {
                sum += column[row];
            }
            double mean = sum / trainRows.length;
            double squares = 0;
            for (int row : trainRows) {
                squares += (column[row] - mean) * (column[row] - mean);
            }
            double scale = Math.sqrt(squares / trainRows.length);
            scalers.add(new Scaler(name, mean, scale == 0 ? 1.0 : scale));
        }
        return new Featurizer(layout.inputs(), scalers, layout.categorical(), layout.derived());
    }

    private static List<String> scaled(FeatureLayout layout) {
        List<String> names = new ArrayList<>(layout.numeric());
        layout.derived().forEach(d -> names.add(d.name()));
        return names;
    }

    public int outputSize() {
        return numeric.size() + categorical.stream().mapToInt(c -> c.categories().size()).sum();
    }

    /** Output column names, for feature importance and reports. */
    public List<String> outputNames() {
        List<String> names = new ArrayList<>(numeric.stream().map(Scaler::name).toList());
        categorical.forEach(c -> c.categories().forEach(v -> names.add(c.name() + "=" + v)));
        return names;
    }

    /** Featurizes one raw record given in {@link #inputs()} order (e.g. {@code L,298.4,308.2,1582,70.7,216}). */
    public double[] transform(List<String> record) {
        if (record.size() != inputs.size()) {
            throw new RecordException("cannot featurize record: expected " + inputs.size() + " fields ("
                    + String.join(",", inputs.stream().map(InputColumn::name).toList()) + "), found " + record.size());
        }
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            byName.put(inputs.get(i).name(), CsvRecords.strip(record.get(i)));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Scaler scaler : numeric) {
            if (byName.containsKey(scaler.name())) {
                values.put(scaler.name(), parseNumber(scaler.name(), byName.get(scaler.name())));
            }
        }
        for (Derived d : derived) {
            double value = d.tree().evaluate(values::get);
            if (!Double.isFinite(value)) {
                throw new RecordException("cannot featurize record: derived feature '" + d.name() + "' ("
                        + d.expression() + ") is " + value + " for this record");
            }
            values.put(d.name(), value);
        }
        double[] out = new double[outputSize()];
        int k = 0;
        for (Scaler scaler : numeric) {
            out[k++] = (values.get(scaler.name()) - scaler.mean()) / scaler.scale();
        }
        for (OneHot oneHot : categorical) {
            String value = byName.get(oneHot.name());
            int index = oneHot.categories().indexOf(value);
            if (index < 0) {
                throw new RecordException("cannot featurize record: field '" + oneHot.name() + "' has unknown category '"
                        + value + "'; known categories are: " + String.join(", ", oneHot.categories()));
            }
            out[k + index] = 1.0;
            k += oneHot.categories().size();
        }
        return out;
    }

    /** Decimal numbers only, as the featurizer container's inference.py reads them (see {@link CsvRecords}). */
    private static double parseNumber(String field, String text) {
        return CsvRecords.number(text).orElseThrow(() -> new RecordException("cannot featurize record: field '" + field
                + "' must be a number, found '" + (text.length() <= 40 ? text : text.substring(0, 40)) + "'"));
    }

    public String toJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("inputs", inputs);
        document.put("numeric", numeric);
        document.put("categorical", categorical);
        document.put("derived", derived.stream().map(d -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", d.name());
            entry.put("expression", d.expression());
            entry.put("tree", d.tree().toTree());
            return entry;
        }).toList());
        document.put("output_size", outputSize());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write featurizer: " + e.getMessage(), e);
        }
    }

    /** Featurizers written before derived features had none. */
    private static List<Derived> derived(Object entries) {
        List<Derived> derived = new ArrayList<>();
        if (entries instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> entry = (Map<?, ?>) item;
                derived.add(new Derived((String) entry.get("name"), (String) entry.get("expression"),
                        Expression.fromTree(entry.get("tree"))));
            }
        }
        return derived;
    }

    public static Featurizer fromJson(String json, String source) {
        try {
            Map<?, ?> document = JSON.readValue(json, Map.class);
            if (!FORMAT.equals(document.get("format"))) {
                throw new InputException("cannot load featurizer " + source + ": not a " + FORMAT + " document");
            }
            return new Featurizer(
                    JSON.convertValue(document.get("inputs"), JSON.getTypeFactory().constructCollectionType(List.class, InputColumn.class)),
                    JSON.convertValue(document.get("numeric"), JSON.getTypeFactory().constructCollectionType(List.class, Scaler.class)),
                    JSON.convertValue(document.get("categorical"), JSON.getTypeFactory().constructCollectionType(List.class, OneHot.class)),
                    derived(document.get("derived")));
        } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
            throw new InputException("cannot load featurizer " + source + ": " + e.getMessage());
        }
    }
}

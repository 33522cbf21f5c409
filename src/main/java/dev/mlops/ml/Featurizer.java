package dev.mlops.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.InputException;
import dev.mlops.spec.Expression;
import dev.mlops.spec.PipelineSpec.Derived;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Fits the scalers on the given (train) rows of each numeric column, then of each derived feature, in
     * that order (it reaches the sums, as scikit-learn's StandardScaler sums them).
     */
    public static Featurizer fit(FeatureLayout layout, Map<String, double[]> numericColumns, int[] trainRows) {
        List<Scaler> scalers = new ArrayList<>();
        for (String name : layout.numeric()) {
            double[] column = numericColumns.get(name);
            scalers.add(scaler(name, Arrays.stream(trainRows).mapToDouble(row -> column[row]).toArray()));
        }
        // only the train rows' values: the scalers are all a fit needs of a derived feature
        for (Derived d : layout.derived()) {
            scalers.add(scaler(d.name(), Arrays.stream(trainRows)
                    .mapToDouble(row -> d.tree().evaluate(name -> numericColumns.get(name)[row])).toArray()));
        }
        return new Featurizer(layout.inputs(), scalers, layout.categorical(), layout.derived());
    }

    private static Scaler scaler(String name, double[] trainValues) {
        StandardScaling.Fit fit = StandardScaling.fit(trainValues);
        return new Scaler(name, fit.mean(), fit.scale());
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
        List<Scaler> raw = rawNumeric();
        double[] numbers = new double[raw.size()];
        for (int i = 0; i < numbers.length; i++) {
            String name = raw.get(i).name();
            numbers[i] = parseNumber(name, byName.get(name));
        }
        int[] categories = new int[categorical.size()];
        for (int i = 0; i < categories.length; i++) {
            OneHot oneHot = categorical.get(i);
            String value = byName.get(oneHot.name());
            categories[i] = oneHot.categories().indexOf(value);
            if (categories[i] < 0) {
                throw new RecordException("cannot featurize record: field '" + oneHot.name() + "' has unknown category '"
                        + value + "'; known categories are: " + String.join(", ", oneHot.categories()));
            }
        }
        double[] out = new double[outputSize()];
        transform(numbers, categories, out);
        return out;
    }

    /** The scalers of the record's own numeric columns; the derived features' scalers follow them in {@link #numeric()}. */
    public List<Scaler> rawNumeric() {
        return numeric.subList(0, numeric.size() - derived.size());
    }

    /**
     * Featurizes one row already parsed: {@code numbers} in {@link #rawNumeric()} order, {@code categories}
     * the index of each {@link #categorical()} column's value in its categories; writes {@link #outputSize()}
     * values to {@code out}. Both the request path and the build's columnar path come here.
     */
    public void transform(double[] numbers, int[] categories, double[] out) {
        int k = 0;
        for (int i = 0; i < numbers.length; i++) {
            Scaler scaler = numeric.get(i);
            out[k++] = (numbers[i] - scaler.mean()) / scaler.scale();
        }
        for (Derived d : derived) {
            double value = d.tree().evaluate(name -> rawValue(name, numbers));
            if (!Double.isFinite(value)) {
                throw new RecordException("cannot featurize record: derived feature '" + d.name() + "' ("
                        + d.expression() + ") is " + value + " for this record");
            }
            Scaler scaler = numeric.get(k);
            out[k++] = (value - scaler.mean()) / scaler.scale();
        }
        for (int i = 0; i < categories.length; i++) {
            int size = categorical.get(i).categories().size();
            Arrays.fill(out, k, k + size, 0.0);
            out[k + categories[i]] = 1.0;
            k += size;
        }
    }

    /** A derived feature reads the record's numeric columns only (the spec parser checks the names). */
    private double rawValue(String name, double[] numbers) {
        for (int i = 0; i < numbers.length; i++) {
            if (numeric.get(i).name().equals(name)) {
                return numbers[i];
            }
        }
        throw new IllegalStateException("derived feature reads '" + name + "', which is not a numeric column");
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

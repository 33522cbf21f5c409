package dev.mlops.ml;

import dev.mlops.InputException;
import dev.mlops.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Which columns of a data file feed the model, in the order a request record carries them: the
 * file's columns minus the dropped ones and the label, each declared numeric or categorical.
 */
public record FeatureLayout(List<Featurizer.InputColumn> inputs, List<String> numeric, List<Featurizer.OneHot> categorical,
                            List<PipelineSpec.Derived> derived) {

    public static FeatureLayout of(List<String> header, String label, PipelineSpec.Features features, String source) {
        List<Featurizer.InputColumn> inputs = new ArrayList<>();
        List<String> categoricalNames = features.categorical().stream().map(PipelineSpec.Categorical::column).toList();
        for (String column : header) {
            if (column.equals(label) || features.drop().contains(column)) {
                continue;
            }
            boolean numeric = features.numeric().contains(column);
            if (!numeric && !categoricalNames.contains(column)) {
                throw new InputException("cannot use data " + source + ": column '" + column + "' is neither dropped"
                        + " nor declared as a feature in the pipeline spec (features.drop, .numeric or .categorical)");
            }
            inputs.add(new Featurizer.InputColumn(column, numeric));
        }
        List<String> missing = new ArrayList<>(features.numeric());
        missing.addAll(categoricalNames);
        missing.removeAll(header);
        if (!missing.isEmpty()) {
            throw new InputException("cannot use data " + source + ": missing required column '" + missing.get(0)
                    + "' (columns are: " + String.join(", ", header) + ")");
        }
        List<Featurizer.OneHot> categorical = features.categorical().stream()
                .map(c -> new Featurizer.OneHot(c.column(), c.categories())).toList();
        for (PipelineSpec.Derived d : features.derived()) {
            if (header.contains(d.name())) {
                throw new InputException("cannot use data " + source + ": it has a column named '" + d.name()
                        + "', the name of a derived feature in the pipeline spec; rename the derived feature");
            }
        }
        return new FeatureLayout(List.copyOf(inputs), features.numeric(), categorical, features.derived());
    }
}

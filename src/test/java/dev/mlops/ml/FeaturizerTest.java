package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.spec.Expression;
import dev.mlops.spec.PipelineSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturizerTest {
    private static final FeatureLayout LAYOUT = new FeatureLayout(
            List.of(new Featurizer.InputColumn("Type", false), new Featurizer.InputColumn("a", true),
                    new Featurizer.InputColumn("b", true)),
            List.of("a", "b"), List.of(new Featurizer.OneHot("Type", List.of("H", "L", "M"))), List.of());

    @Test
    void scalesWithTrainRowsOnlyUsingPopulationStandardDeviation() {
        // Train rows 0..3 of a = 1,2,3,4: mean 2.5, population variance 1.25, s.d. sqrt(1.25).
        // Row 4 (a = 100) is not a train row and must not move the mean.
        Map<String, double[]> numeric = Map.of("a", new double[] {1, 2, 3, 4, 100}, "b", new double[] {5, 5, 5, 5, 9});
        Featurizer featurizer = Featurizer.fit(LAYOUT, numeric, new int[] {0, 1, 2, 3});
        assertEquals(2.5, featurizer.numeric().get(0).mean(), 1e-12);
        assertEquals(Math.sqrt(1.25), featurizer.numeric().get(0).scale(), 1e-12);
        // A constant column is scaled by 1, as scikit-learn's StandardScaler does.
        assertEquals(1.0, featurizer.numeric().get(1).scale());
        double[] out = featurizer.transform(List.of("L", "4", "7"));
        assertArrayEquals(new double[] {1.5 / Math.sqrt(1.25), 2.0, 0, 1, 0}, out, 1e-12);
        assertArrayEquals(new double[] {-1.5 / Math.sqrt(1.25), 0, 1, 0, 0}, featurizer.transform(List.of("H", "1", "5")), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 0, 1}, featurizer.transform(List.of("M", "2.5", "5")), 1e-12);
    }

    @Test
    void workshopRecordFeaturizesWithTheWorkshopScaler() {
        // The workshop's scaler fitted on its 8,000 train rows maps L,298.4,308.2,1582,70.7,216 to
        // 0.647088,0.467287,-0.191472,0.720195,-0.536976,0,1,0; with its mean/scale we must agree.
        double[] raw = {298.4, 308.2, 1582, 70.7, 216};
        double[] expected = {0.647088, 0.467287, -0.191472, 0.720195, -0.536976};
        double[] means = {300.0, 307.5, 1538.0, 40.0, 108.0};
        List<Featurizer.Scaler> scalers = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            scalers.add(new Featurizer.Scaler("x" + i, means[i], (raw[i] - means[i]) / expected[i]));
        }
        List<Featurizer.InputColumn> inputs = new java.util.ArrayList<>(List.of(new Featurizer.InputColumn("Type", false)));
        for (int i = 0; i < 5; i++) {
            inputs.add(new Featurizer.InputColumn("x" + i, true));
        }
        Featurizer featurizer = new Featurizer(inputs, scalers, List.of(new Featurizer.OneHot("Type", List.of("H", "L", "M"))),
                List.of());
        double[] out = featurizer.transform(List.of("L", "298.4", "308.2", "1582", "70.7", "216"));
        assertArrayEquals(new double[] {0.647088, 0.467287, -0.191472, 0.720195, -0.536976, 0, 1, 0}, out, 1e-9);
    }

    @Test
    void roundTripsThroughJson() {
        Featurizer featurizer = Featurizer.fit(LAYOUT, Map.of("a", new double[] {1, 3}, "b", new double[] {2, 6}), new int[] {0, 1});
        Featurizer back = Featurizer.fromJson(featurizer.toJson(), "test");
        assertEquals(featurizer, back);
        assertEquals(5, back.outputSize());
        assertEquals(List.of("a", "b", "Type=H", "Type=L", "Type=M"), back.outputNames());
    }

    @Test
    void malformedRecordsNameTheField() {
        Featurizer featurizer = Featurizer.fit(LAYOUT, Map.of("a", new double[] {1, 3}, "b", new double[] {2, 6}), new int[] {0, 1});
        assertTrue(assertThrows(RecordException.class, () -> featurizer.transform(List.of("L", "1")))
                .getMessage().contains("expected 3 fields (Type,a,b), found 2"));
        assertTrue(assertThrows(RecordException.class, () -> featurizer.transform(List.of("L", "x", "1")))
                .getMessage().contains("field 'a' must be a number, found 'x'"));
        assertTrue(assertThrows(RecordException.class, () -> featurizer.transform(List.of("Q", "1", "1")))
                .getMessage().contains("field 'Type' has unknown category 'Q'"));
        assertTrue(assertThrows(RecordException.class, () -> featurizer.transform(List.of("L", "NaN", "1")))
                .getMessage().contains("field 'a' must be a number"));
    }

    @Test
    void derivedFeaturesAreComputedScaledOnTrainRowsAndCarriedInTheArtifact() {
        // ratio = a * b / 2: train rows (a, b) = (1, 2), (3, 6) give 1 and 9 -> mean 5, s.d. 4
        Expression tree = new Expression.Binary('/', new Expression.Binary('*', new Expression.Column("a"),
                new Expression.Column("b")), new Expression.Number(2));
        FeatureLayout layout = new FeatureLayout(LAYOUT.inputs(), LAYOUT.numeric(), LAYOUT.categorical(),
                List.of(new PipelineSpec.Derived("ab", "`a` * `b` / 2", tree)));
        Featurizer featurizer = Featurizer.fit(layout, Map.of("a", new double[] {1, 3, 50}, "b", new double[] {2, 6, 50}),
                new int[] {0, 1});
        assertEquals(new Featurizer.Scaler("ab", 5, 4), featurizer.numeric().get(2));
        assertEquals(List.of("a", "b", "ab", "Type=H", "Type=L", "Type=M"), featurizer.outputNames(),
                "derived names show in feature importance");
        double[] out = featurizer.transform(List.of("M", "4", "5"));
        assertEquals((4.0 * 5 / 2 - 5) / 4, out[2]);
        Featurizer back = Featurizer.fromJson(featurizer.toJson(), "test");
        assertEquals(featurizer, back);
        assertTrue(featurizer.toJson().contains("\"expression\" : \"`a` * `b` / 2\""), featurizer.toJson());
        assertArrayEquals(out, back.transform(List.of("M", "4", "5")));
        assertTrue(assertThrows(RecordException.class, () -> featurizer.transform(List.of("M", "1e308", "1e308")))
                .getMessage().contains("derived feature 'ab' (`a` * `b` / 2) is Infinity for this record"));
    }
}

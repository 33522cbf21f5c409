package dev.mlops.aws.fake;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fake endpoint's model: a deterministic scorer from the AI4I dataset's own failure rules
 * (DOMAIN.md), not a trained model. A record breaking a rule scores 0.8101770281791687 (label 1),
 * any other 0.15388985 (label 0) — the two scores the workshop's endpoint returned — so the shipped
 * suites' workshop records get the labels a good model gives: the 70.7 Nm record is a power and
 * overstrain failure, the 30 rpm one a power failure, the 30.2 Nm M record none. The random failure
 * modes (tool wear between 200 and 240 min, RNF) are left out: they are not deterministic.
 */
final class Ai4iScorer {
    static final double FAILURE_SCORE = 0.8101770281791687;
    static final double NORMAL_SCORE = 0.15388985;
    private static final Map<String, Double> OVERSTRAIN_LIMIT = Map.of("L", 11_000.0, "M", 12_000.0, "H", 13_000.0);

    private Ai4iScorer() {
    }

    /** A record the featurizer refuses, with the status its container answers (the endpoint's ModelError). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** One record {@code Type,Air temperature,Process temperature,Rotational speed,Torque,Tool wear}. */
    static double score(String record) {
        List<String> fields = List.of(record.strip().split(",", -1));
        if (fields.size() != 6) {
            throw new Refused("expected 6 fields (Type, Air temperature, Process temperature, Rotational speed, Torque,"
                    + " Tool wear), found " + fields.size());
        }
        String type = fields.get(0).strip().toUpperCase(Locale.ROOT);
        if (!OVERSTRAIN_LIMIT.containsKey(type)) {
            throw new Refused("Found unknown categories ['" + fields.get(0).strip() + "'] in column 0 during transform");
        }
        double air = number(fields, 1);
        double process = number(fields, 2);
        double rpm = number(fields, 3);
        double torque = number(fields, 4);
        double wear = number(fields, 5);
        double watts = torque * rpm * 2 * Math.PI / 60;
        boolean heat = process - air < 8.6 && rpm < 1380;
        boolean power = watts < 3500 || watts > 9000;
        boolean overstrain = wear * torque > OVERSTRAIN_LIMIT.get(type);
        return heat || power || overstrain ? FAILURE_SCORE : NORMAL_SCORE;
    }

    private static double number(List<String> fields, int index) {
        try {
            return Double.parseDouble(fields.get(index).strip());
        } catch (NumberFormatException e) {
            throw new Refused("could not convert string to float: '" + fields.get(index).strip() + "'");
        }
    }
}

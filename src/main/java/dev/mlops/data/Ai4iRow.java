package dev.mlops.data;

/**
 * One generated process, holding the numbers exactly as written (one-decimal columns in tenths)
 * so the failure flags are derived from what a reader will see.
 */
record Ai4iRow(int udi, Variant variant, int airTenths, int processTenths, int rpm,
        int torqueTenths, int toolWear, boolean toolWearFailure, boolean randomFailure) {

    double airK() {
        return airTenths / 10.0;
    }

    double processK() {
        return processTenths / 10.0;
    }

    double torqueNm() {
        return torqueTenths / 10.0;
    }

    boolean heatDissipationFailure() {
        return FailureRules.heatDissipation(airK(), processK(), rpm);
    }

    boolean powerFailure() {
        return FailureRules.power(torqueNm(), rpm);
    }

    boolean overstrainFailure() {
        return FailureRules.overstrain(variant, toolWear, torqueNm());
    }

    boolean machineFailure() {
        return toolWearFailure || heatDissipationFailure() || powerFailure() || overstrainFailure()
                || randomFailure;
    }

    /** Appends the row in the UCI column order, without a line break. */
    void appendCsv(StringBuilder out) {
        out.append(udi).append(',').append(variant.productId(udi)).append(',').append(variant.name());
        appendTenths(out.append(','), airTenths);
        appendTenths(out.append(','), processTenths);
        out.append(',').append(rpm);
        appendTenths(out.append(','), torqueTenths);
        out.append(',').append(toolWear);
        appendFlag(out, machineFailure());
        appendFlag(out, toolWearFailure);
        appendFlag(out, heatDissipationFailure());
        appendFlag(out, powerFailure());
        appendFlag(out, overstrainFailure());
        appendFlag(out, randomFailure);
    }

    // Integer arithmetic, not String.format: no locale may turn the decimal point into a comma.
    private static void appendTenths(StringBuilder out, int tenths) {
        if (tenths < 0) {
            out.append('-');
        }
        int magnitude = Math.abs(tenths);
        out.append(magnitude / 10).append('.').append(magnitude % 10);
    }

    private static void appendFlag(StringBuilder out, boolean flag) {
        out.append(',').append(flag ? '1' : '0');
    }
}

package dev.mlops.data;

/**
 * The deterministic AI4I failure modes, applied to the values as written in the file (parsed back
 * as doubles), as the real file does: anyone recomputing a formula on a row gets the row's flag.
 */
final class FailureRules {
    static final double HDF_MAX_DIFFERENCE_K = 8.6;
    static final int HDF_MAX_RPM = 1380;
    static final double PWF_MIN_WATTS = 3500;
    static final double PWF_MAX_WATTS = 9000;

    private FailureRules() {
    }

    /** HDF: air-process temperature difference below 8.6 K and speed below 1380 rpm. */
    static boolean heatDissipation(double airK, double processK, int rpm) {
        return processK - airK < HDF_MAX_DIFFERENCE_K && rpm < HDF_MAX_RPM;
    }

    /** PWF: mechanical power (torque x speed in rad/s) below 3500 W or above 9000 W. */
    static boolean power(double torqueNm, int rpm) {
        double watts = powerWatts(torqueNm, rpm);
        return watts < PWF_MIN_WATTS || watts > PWF_MAX_WATTS;
    }

    static double powerWatts(double torqueNm, int rpm) {
        return torqueNm * rpm * 2 * Math.PI / 60;
    }

    /** OSF: tool wear x torque above the variant's limit. */
    static boolean overstrain(Variant variant, int toolWearMin, double torqueNm) {
        return toolWearMin * torqueNm > variant.overstrainLimit();
    }
}

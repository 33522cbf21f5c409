package dev.mlops.data;

/** The AI4I product quality variants and the per-variant numbers of the published rules. */
enum Variant {
    L(0.5, 2, 11_000, 47_179),
    M(0.3, 3, 12_000, 14_859),
    H(0.2, 5, 13_000, 29_413);

    private final double share;
    private final int wearPerProcess;
    private final int overstrainLimit;
    private final int serialBase;

    Variant(double share, int wearPerProcess, int overstrainLimit, int serialBase) {
        this.share = share;
        this.wearPerProcess = wearPerProcess;
        this.overstrainLimit = overstrainLimit;
        this.serialBase = serialBase;
    }

    /** Minutes of tool wear one process on this variant adds. */
    int wearPerProcess() {
        return wearPerProcess;
    }

    /** OSF happens when tool wear [min] x torque [Nm] exceeds this. */
    int overstrainLimit() {
        return overstrainLimit;
    }

    /**
     * Product ID: the variant letter and a serial that counts with the UDI from a per-variant base,
     * as in the real file (UDI 1 of variant M is M14860).
     */
    String productId(int udi) {
        return name() + (serialBase + udi);
    }

    /** Picks a variant from a uniform draw in [0, 1) with the published 50/30/20 shares. */
    static Variant draw(double uniform) {
        double cumulative = 0;
        for (Variant variant : values()) {
            cumulative += variant.share;
            if (uniform < cumulative) {
                return variant;
            }
        }
        return H;
    }
}

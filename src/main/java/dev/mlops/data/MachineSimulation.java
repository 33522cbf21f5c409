package dev.mlops.data;

/**
 * The milling machine of the AI4I 2020 description, one process per call. Each input has its own
 * random stream split from the seed, so the temperature walks can be replayed for normalisation
 * without disturbing the per-row draws.
 */
final class MachineSimulation {
    static final double AIR_MEAN_K = 300;
    static final double AIR_SD_K = 2;
    static final double PROCESS_OFFSET_K = 10;
    static final double PROCESS_SD_K = 1;
    static final double TORQUE_MEAN_NM = 40;
    static final double TORQUE_SD_NM = 10;
    /*
     * The description says speed is "calculated from a power of 2860 W, overlaid with a normally
     * distributed noise" but gives no formula, and 2860 W / torque alone (683 rpm at 40 Nm) does not
     * match the file (median 1503 rpm). The curve keeps the constant-power shape, speed falling as
     * 1 / torque, with constants fitted to the real file by least squares over torque >= 10 Nm:
     * rpm = 989 + 20729 / (torque + 0.53) + N(0, 50). Below 10 Nm the real speeds level off near
     * 2890 rpm, hence the cap.
     */
    static final double BASE_RPM = 989;
    static final double RPM_NM = 20_729;
    static final double TORQUE_OFFSET_NM = 0.53;
    static final double SPEED_NOISE_RPM = 50;
    static final int MAX_RPM = 2890;
    static final int TOOL_LIFE_MIN = 200;
    static final int TOOL_LIFE_MAX = 240;
    /*
     * Share of tools that fail (TWF) rather than being replaced at the end of their life. The real
     * file has 46 TWF in 119 tool ends; with the published 50/30/20 variant mix (the file itself
     * has 60/30/10) tools wear faster, about 130 ends per 10,000 rows, so 36 % keeps the real count.
     */
    static final double TOOL_FAILURE_SHARE = 0.36;
    static final double RANDOM_FAILURE_RATE = 0.001;

    private final RandomWalk air;
    private final RandomWalk processDifference;
    private final SplitMix64 random;
    private int toolWear;
    private int toolLife;

    MachineSimulation(Ai4iGenerator.Request request) {
        SplitMix64 seeds = new SplitMix64(request.seed());
        this.air = RandomWalk.normalised(seeds.nextLong(), request.rows(), AIR_SD_K);
        this.processDifference = RandomWalk.normalised(seeds.nextLong(), request.rows(), PROCESS_SD_K);
        this.random = new SplitMix64(seeds.nextLong());
        this.toolLife = drawToolLife();
    }

    Ai4iRow next(int udi) {
        Variant variant = Variant.draw(random.nextDouble());
        int airTenths = tenths(AIR_MEAN_K + air.next());
        int processTenths = tenths(airTenths / 10.0 + PROCESS_OFFSET_K + processDifference.next());
        int torqueTenths = tenths(drawTorque());
        int rpm = drawSpeed(torqueTenths / 10.0);
        boolean randomFailure = random.chance(RANDOM_FAILURE_RATE);
        int wear = toolWear;
        boolean toolWearFailure = advanceTool(variant);
        return new Ai4iRow(udi, variant, airTenths, processTenths, rpm, torqueTenths, wear,
                toolWearFailure, randomFailure);
    }

    /** Torque is normal around 40 Nm with no negative values: negative draws are drawn again. */
    private double drawTorque() {
        double torque;
        do {
            torque = TORQUE_MEAN_NM + TORQUE_SD_NM * random.nextGaussian();
        } while (torque < 0);
        return torque;
    }

    private int drawSpeed(double torqueNm) {
        double rpm = BASE_RPM + RPM_NM / (torqueNm + TORQUE_OFFSET_NM)
                + SPEED_NOISE_RPM * random.nextGaussian();
        return (int) Math.round(Math.min(MAX_RPM, rpm));
    }

    /**
     * The row shows the wear before its process. A process that would take the tool past its
     * random life (200..240 min) ends it: the tool fails (TWF) or is replaced, and the next row
     * starts a new tool at 0 min. Ending just before the limit matches the real file, where tools
     * end from 198 min.
     */
    private boolean advanceTool(Variant variant) {
        int worn = toolWear + variant.wearPerProcess();
        if (worn <= toolLife) {
            toolWear = worn;
            return false;
        }
        boolean failed = random.chance(TOOL_FAILURE_SHARE);
        toolWear = 0;
        toolLife = drawToolLife();
        return failed;
    }

    private int drawToolLife() {
        return TOOL_LIFE_MIN + random.nextInt(TOOL_LIFE_MAX - TOOL_LIFE_MIN + 1);
    }

    private static int tenths(double value) {
        return (int) Math.round(value * 10);
    }
}

package dev.mlops.fakes;

import java.util.Optional;

/**
 * Environment files for the fakes, in the shape of {@code model-deploy/environments/}: staging
 * takes approved versions, prod takes them from staging with a named approver. Endpoints are
 * {@code predictive-maintenance-<env>}.
 */
public final class Environments {
    public static final String GROUP = "churn-models";
    public static final String STAGING = "staging";
    public static final String PROD = "prod";

    private Environments() {
    }

    public static String endpoint(String env) {
        return "predictive-maintenance-" + env;
    }

    /** staging wanting {@code version} (empty: none). */
    public static String staging(Optional<Integer> version) {
        return file(STAGING, version, "");
    }

    /** prod wanting {@code version}, promoted from staging with or without a named approver. */
    public static String prod(Optional<Integer> version, boolean requiresApprover) {
        return file(PROD, version, "promotion:\n  from: staging\n  requires_approver: " + requiresApprover + "\n");
    }

    /** prod as shipped: promoted from staging, a named approver required. */
    public static String prod(Optional<Integer> version) {
        return prod(version, true);
    }

    /** An environment with no promotion rule, e.g. {@code dev}, wanting {@code version} (empty: none). */
    public static String plain(String env, Optional<Integer> version) {
        return file(env, version, "");
    }

    private static String file(String env, Optional<Integer> version, String extra) {
        return "name: " + env + "\n"
                + "model_package:\n"
                + "  group: " + GROUP + "\n"
                + "  version: " + version.map(String::valueOf).orElse("null") + "\n"
                + "endpoint:\n"
                + "  instance_type: ml.m5.large\n"
                + "  instance_count: 1\n"
                + "smoke:\n"
                + "  suite: tests/smoke/" + env + ".yaml\n"
                + extra;
    }
}

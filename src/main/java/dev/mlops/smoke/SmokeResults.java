package dev.mlops.smoke;

import java.util.Optional;

/**
 * Where smoke results are kept, so promotion can ask whether the last smoke run of an exact model
 * version passed. Records are kept in the order they were recorded; "last" means last recorded.
 */
public interface SmokeResults {

    /** Keeps the record durably before returning. */
    void record(SmokeRecord record);

    /** The last record of the environment, whatever version it tested. */
    Optional<SmokeRecord> last(String env);

    /**
     * The last record of the environment for one model version, named as {@code group/version} or
     * by its model package ARN (matched as SageMaker does: the group name ignoring case).
     */
    Optional<SmokeRecord> lastFor(String env, String modelPackageArnOrRef);
}

package dev.mlops.promote;

import dev.mlops.gitops.CommitResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** A promotion or rollback that was made: which env now wants which version, and the commit. */
public record PromotionResult(String env, String version, CommitResult commit, String message) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("env", env);
        map.put("version", version);
        map.put("commit", commit.commit());
        map.put("committed", commit.changed());
        map.put("message", message);
        return map;
    }
}

package dev.mlops.promote;

import dev.mlops.gitops.CommitResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A promotion or rollback that was made: which environment now wants which version, what it wanted
 * before, the commit, the rule that allowed it ({@code promote}, {@code previous},
 * {@code served-before}, {@code passed-in-source} or {@code forced}).
 */
public record PromotionResult(String env, String version, Optional<String> previousVersion, CommitResult commit,
                              String rule, String message) {

    public boolean forced() {
        return rule.equals(Rollback.FORCED);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("env", env);
        map.put("version", version);
        previousVersion.ifPresent(v -> map.put("previous_version", v));
        map.put("commit", commit.commit());
        map.put("committed", commit.changed());
        map.put("rule", rule);
        map.put("forced", forced());
        map.put("message", message);
        return map;
    }
}

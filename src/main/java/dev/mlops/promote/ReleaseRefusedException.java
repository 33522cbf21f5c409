package dev.mlops.promote;

import dev.mlops.WorkFailedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A promotion or rollback refused by the release rules, with every rule that failed. Exit 1: the
 * request was understood, but the evidence is not there; fix it (or override, where allowed) and retry.
 */
public final class ReleaseRefusedException extends WorkFailedException {
    private static final long serialVersionUID = 1L;
    private final String action;
    private final String env;
    private final String version;
    private final List<Refusal> refusals;

    /**
     * @param action "promote" or "rollback"
     * @param env the environment that would have changed
     * @param version the version it would have wanted ({@code group/version}), or "" when none was found
     */
    public ReleaseRefusedException(String action, String env, String version, String what, List<Refusal> refusals) {
        super(what + ": " + refusals.stream().map(Refusal::message).collect(Collectors.joining("; ")));
        this.action = action;
        this.env = env;
        this.version = version;
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", action);
        details.put("env", env);
        if (!version.isEmpty()) {
            details.put("version", version);
        }
        details.put("refused_by", refusals.stream().map(Refusal::toMap).toList());
        return details;
    }
}

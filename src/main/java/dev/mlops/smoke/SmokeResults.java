package dev.mlops.smoke;

import dev.mlops.deploy.SmokeVerdict;
import dev.mlops.deploy.SmokeVerdicts;
import java.util.List;
import java.util.Optional;

/**
 * Where smoke results are kept, in the order they were recorded, so the release rules can ask for
 * the last run that counts as evidence and which version answered it.
 */
public interface SmokeResults {

    /** Keeps the record durably before returning. */
    void record(SmokeRecord record);

    /** Every record of the environment, oldest first. */
    List<SmokeRecord> of(String env);

    /** The last record of the environment, evidence or not. */
    default Optional<SmokeRecord> last(String env) {
        List<SmokeRecord> records = of(env);
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    /** The last run against the environment's own API with its own suite; a debugging run never shadows it. */
    default Optional<SmokeRecord> lastEvidence(String env) {
        List<SmokeRecord> evidence = of(env).stream().filter(SmokeRecord::evidence).toList();
        return evidence.isEmpty() ? Optional.empty() : Optional.of(evidence.get(evidence.size() - 1));
    }

    /** The last evidence of each environment as its health needs it: which version answered, and how it went. */
    default SmokeVerdicts verdicts() {
        return env -> lastEvidence(env).flatMap(r -> r.answeredBy().version()
                .map(version -> new SmokeVerdict(version, r.passed(), r.summary() + ", " + r.reportPath(), r.at())));
    }
}

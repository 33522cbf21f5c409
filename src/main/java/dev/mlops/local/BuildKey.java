package dev.mlops.local;

import dev.mlops.pipeline.BuildPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A local build's idempotency key, as the AWS runner's ClientRequestToken: pipeline, commit,
 * attempt, parameter values and data. The same build asked twice (a rerun after a crash or an
 * abort) is the same key, so it finds the package the first run registered; {@code --attempt 2}
 * or other parameters make a new one. Without a commit nothing identifies the build: no key.
 */
final class BuildKey {
    private BuildKey() {
    }

    static Optional<String> of(BuildPlan plan) {
        if (plan.commit().isEmpty()) {
            return Optional.empty();
        }
        StringBuilder identity = new StringBuilder("mlops-local-build/v1\n")
                .append(plan.pipeline().spec().name()).append('\n')
                .append(plan.commit().get().toLowerCase()).append('\n')
                .append(plan.options().attempt()).append('\n')
                .append(plan.pipeline().dataSource()).append('\n');
        new TreeMap<>(plan.pipeline().parameters().values())
                .forEach((k, v) -> identity.append(k).append('=').append(v).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return Optional.of(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

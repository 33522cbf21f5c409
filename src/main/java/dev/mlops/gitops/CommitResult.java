package dev.mlops.gitops;

/**
 * What a change did: the commit that now holds the desired state, whether it is a new commit
 * ({@code false} when the state already had that version: no empty commits), and how many
 * attempts it took (more than one when a push lost a race and the change was re-applied).
 */
public record CommitResult(String commit, boolean changed, int attempts) {
}

package dev.mlops.gitops;

import java.util.List;

/**
 * The desired state of every environment, kept in a Git repository: reads are taken at the newest
 * commit of the branch, and every change is one commit whose message and trailers say what
 * changed, who asked and why. Implementations re-read and re-apply a change when another writer
 * got there first, so no change is lost.
 */
public interface DesiredStateStore extends AutoCloseable {

    /** The environment's desired state at the branch's newest commit. */
    DesiredState read(String env);

    /** The environments that have a file, sorted by name. */
    List<String> environments();

    /** Commits the requested model package for the environment, or nothing when it is already wanted. */
    CommitResult change(ChangeRequest request);

    /** At most {@code max} commits that touched the environment's file, newest first. */
    List<HistoryEntry> history(String env, int max);

    @Override
    void close();
}

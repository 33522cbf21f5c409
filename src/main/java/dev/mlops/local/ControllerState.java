package dev.mlops.local;

import dev.mlops.approval.WatchCursor;
import dev.mlops.deploy.StatusStore;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.git.GitDesiredStateStore;
import dev.mlops.gitops.git.GitStoreOptions;
import dev.mlops.server.ServingProcess;
import dev.mlops.smoke.EnvironmentApis;
import dev.mlops.smoke.SmokeResults;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The controller's own memory, whatever the backend: the desired-state repository (Git), the
 * environments' statuses, smoke results and the approval cursor, all under the state directory.
 */
public final class ControllerState implements AutoCloseable {
    private final Path stateDir;
    private final GitStoreOptions gitOptions;
    private GitDesiredStateStore desired;
    private DesiredStateStore atOneCommit;

    public ControllerState(Path stateDir, GitStoreOptions gitOptions) {
        this.stateDir = stateDir;
        this.gitOptions = gitOptions;
    }

    /** Opened (cloned, seeded on first use) only when a command needs it. */
    public synchronized DesiredStateStore desiredState() {
        if (desired == null) {
            desired = GitDesiredStateStore.open(gitOptions);
        }
        return desired;
    }

    /**
     * The desired state when a repository holds one already (a remote is configured, or a command
     * seeded the default one); a build that only looks never seeds a repository.
     */
    public Optional<DesiredStateStore> existingDesiredState() {
        boolean exists = gitOptions.remote().isPresent() || Files.isDirectory(gitOptions.defaultRemote());
        return exists ? Optional.of(desiredState()) : Optional.empty();
    }

    /** The desired state seen at one commit, for a command that only reads it (see {@link GitDesiredStateStore#atOneCommit()}). */
    public synchronized DesiredStateStore desiredStateAtOneCommit() {
        if (atOneCommit == null) {
            desiredState();
            atOneCommit = desired.atOneCommit();
        }
        return atOneCommit;
    }

    public StatusStore statuses() {
        return new FileStatusStore(stateDir);
    }

    public SmokeResults smokeResults() {
        return new FileSmokeResults(stateDir);
    }

    public WatchCursor watchCursor() {
        return new FileWatchCursor(stateDir);
    }

    /** Each environment's route in the running local serving process, the API its smoke runs count against. */
    public EnvironmentApis apis() {
        return env -> servingUrl().map(base -> URI.create(base + "/api/" + env + "/predict"));
    }

    /** The base URL of the running local serving process, if one is running. */
    public Optional<String> servingUrl() {
        return ServingProcess.find(stateDir).filter(ServingProcess::isAlive).map(ServingProcess::url);
    }

    @Override
    public synchronized void close() {
        if (desired != null) {
            desired.close();
            desired = null;
            atOneCommit = null;
        }
    }
}

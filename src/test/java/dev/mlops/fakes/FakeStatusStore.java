package dev.mlops.fakes;

import dev.mlops.deploy.EnvironmentStatus;
import dev.mlops.deploy.StatusStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Statuses in memory, like the status files: the last saved one per environment, replaced whole.
 * Keeps every save in order too, so a test sees what was recorded mid-way (Progressing).
 */
public final class FakeStatusStore implements StatusStore {
    private final Map<String, EnvironmentStatus> last = new TreeMap<>();
    private final List<EnvironmentStatus> saves = new ArrayList<>();
    private final Faults faults = new Faults();

    /** The next save throws {@code error}, like a full disk. */
    public FakeStatusStore failNextSave(RuntimeException error) {
        faults.failNext(error);
        return this;
    }

    /** Every status saved, oldest first. */
    public List<EnvironmentStatus> saves() {
        return List.copyOf(saves);
    }

    /** The status last saved for {@code env}; fails the test's expectation loudly when none was. */
    public EnvironmentStatus get(String env) {
        return load(env).orElseThrow(() -> new AssertionError("no status was saved for " + env));
    }

    @Override
    public Optional<EnvironmentStatus> load(String env) {
        return Optional.ofNullable(last.get(env));
    }

    @Override
    public void save(EnvironmentStatus status) {
        faults.check();
        saves.add(status);
        last.put(status.env(), status);
    }

    @Override
    public List<EnvironmentStatus> all() {
        return List.copyOf(last.values());
    }
}

package dev.mlops.deploy;

import java.util.List;
import java.util.Optional;

/** Keeps each environment's last observed status, written atomically so a kill leaves the previous one. */
public interface StatusStore {
    Optional<EnvironmentStatus> load(String env);

    void save(EnvironmentStatus status);

    List<EnvironmentStatus> all();
}

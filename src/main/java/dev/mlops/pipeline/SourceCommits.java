package dev.mlops.pipeline;

import java.nio.file.Path;
import java.util.Optional;

/** Reads the commit the model-build code is at (HEAD of the repository holding a directory). */
public interface SourceCommits {
    Optional<String> head(Path directory);
}

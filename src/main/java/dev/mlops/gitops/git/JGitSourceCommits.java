package dev.mlops.gitops.git;

import dev.mlops.pipeline.SourceCommits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Finds the repository that holds a directory (searching upwards, as git does) and reads its HEAD. */
public final class JGitSourceCommits implements SourceCommits {
    static {
        GitSystemConfig.install();
    }

    @Override
    public Optional<String> head(Path directory) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(directory.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repository = builder.build()) {
            ObjectId head = repository.resolve("HEAD");
            return Optional.ofNullable(head).map(ObjectId::name);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

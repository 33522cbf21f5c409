package dev.mlops.gitops.git;

import dev.mlops.InputException;
import dev.mlops.WorkFailedException;
import dev.mlops.spec.EnvironmentSpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The first content of a desired-state repository: everything in the product's {@code model-deploy/}
 * directory (environments, templates, its Jenkinsfile). Every environment file must read before
 * anything is written, so a broken seed never becomes the first commit.
 */
final class DesiredStateSeed {
    static {
        GitSystemConfig.install();
    }

    static final String ENVIRONMENTS = "environments";

    private DesiredStateSeed() {
    }

    /** Creates the embedded bare repository if it is not there yet. */
    static void createBareIfMissing(Path bare, String branch) {
        if (Files.isDirectory(bare.resolve("objects"))) {
            return;
        }
        try {
            Files.createDirectories(bare);
            try (Git git = Git.init().setBare(true).setInitialBranch(branch).setDirectory(bare.toFile()).call()) {
                LocalClone.collectGarbageInForeground(git.getRepository());
            }
        } catch (IOException | GitAPIException e) {
            throw new WorkFailedException("cannot create the desired-state repository " + bare + ": " + e.getMessage());
        }
    }

    /** Checks the seed and copies its files into {@code target} (a working tree). */
    static void copy(Path seedDir, Path target) {
        List<Path> files = files(seedDir);
        List<Path> environments = files.stream()
                .filter(f -> f.getParent() != null && f.getParent().toString().equals(ENVIRONMENTS))
                .filter(f -> f.getFileName().toString().endsWith(".yaml")).toList();
        if (environments.isEmpty()) {
            throw new InputException("cannot seed desired state from " + seedDir + ": it has no " + ENVIRONMENTS
                    + "/*.yaml files");
        }
        environments.forEach(f -> EnvironmentSpecParser.read(seedDir.resolve(f)));
        try {
            for (Path file : files) {
                Path to = target.resolve(file.toString());
                Files.createDirectories(to.getParent());
                Files.copy(seedDir.resolve(file), to);
            }
        } catch (IOException e) {
            throw new WorkFailedException("cannot seed desired state from " + seedDir + ": " + e.getMessage());
        }
    }

    /** Regular files under {@code seedDir}, relative to it, leaving out any {@code .git}. */
    private static List<Path> files(Path seedDir) {
        if (!Files.isDirectory(seedDir)) {
            throw new InputException("cannot seed desired state from " + seedDir + ": no such directory");
        }
        try (Stream<Path> walk = Files.walk(seedDir)) {
            return walk.filter(Files::isRegularFile).map(seedDir::relativize)
                    .filter(p -> !p.toString().equals(".git") && !p.startsWith(".git")).sorted().toList();
        } catch (IOException e) {
            throw new WorkFailedException("cannot seed desired state from " + seedDir + ": " + e.getMessage());
        }
    }
}

package dev.mlops.gitops.git;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Names git's system-wide config file without running git. JGit finds it by starting
 * {@code git --version} and {@code git config --system --show-origin --list} in every process that
 * opens a repository: two processes per CLI call, tens of milliseconds of a command meant to start
 * like a native tool. This reads the file those commands name on a Unix install instead:
 * {@code $GIT_CONFIG_SYSTEM} if set, else git's default for its install prefix (the directory above
 * the {@code git} found on {@code PATH}): {@code /etc/gitconfig} for {@code /usr},
 * {@code <prefix>/etc/gitconfig} for any other. {@code GIT_CONFIG_NOSYSTEM} still turns it off.
 */
final class GitSystemConfig extends SystemReader.Delegate {
    private static final Pattern PATH_SEPARATOR = Pattern.compile(Pattern.quote(File.pathSeparator));
    private final UnaryOperator<String> environment;

    private GitSystemConfig(SystemReader delegate, UnaryOperator<String> environment) {
        super(delegate);
        this.environment = environment;
    }

    /** Puts the reader in place once per process; classes that open repositories call it first. */
    static synchronized void install() {
        SystemReader current = SystemReader.getInstance();
        if (!(current instanceof GitSystemConfig)) {
            SystemReader.setInstance(new GitSystemConfig(current, System::getenv));
        }
    }

    /** A reader over {@code delegate} that sees {@code environment} (tests give their own). */
    static GitSystemConfig over(SystemReader delegate, UnaryOperator<String> environment) {
        return new GitSystemConfig(delegate, environment);
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        Optional<File> file = set(environment.apply("GIT_CONFIG_NOSYSTEM")).isPresent() ? Optional.empty()
                : systemConfigFile();
        // A config with no file loads as empty, which is what JGit itself does when git has no system config.
        return new FileBasedConfig(parent, file.orElse(null), fs) {
            @Override
            public void load() throws java.io.IOException, org.eclipse.jgit.errors.ConfigInvalidException {
                if (file.isPresent()) {
                    super.load();
                }
            }

            @Override
            public boolean isOutdated() {
                return file.isPresent() && super.isOutdated();
            }
        };
    }

    /** The file git's own {@code --system} options read; empty when there is no git on PATH to own one. */
    Optional<File> systemConfigFile() {
        Optional<String> explicit = set(environment.apply("GIT_CONFIG_SYSTEM"));
        if (explicit.isPresent()) {
            return explicit.map(File::new);
        }
        return gitOnPath().map(git -> {
            Path prefix = git.getParent().getParent();
            Path etc = prefix == null || prefix.equals(Path.of("/usr")) ? Path.of("/etc") : prefix.resolve("etc");
            return etc.resolve("gitconfig").toFile();
        });
    }

    private Optional<Path> gitOnPath() {
        return set(environment.apply("PATH")).stream().flatMap(PATH_SEPARATOR::splitAsStream)
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir).toAbsolutePath().resolve("git"))
                .filter(git -> Files.isRegularFile(git) && Files.isExecutable(git))
                .findFirst();
    }

    private static Optional<String> set(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }
}

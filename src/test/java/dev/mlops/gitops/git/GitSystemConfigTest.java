package dev.mlops.gitops.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git's system config is found without running git, where git itself would read it. */
class GitSystemConfigTest {
    @TempDir
    Path dir;

    @Test
    void theFileGitNamesOnThisMachineIsTheOneRead() throws Exception {
        // JGit's own way: it runs git. Where that finds a system config, ours must be the same file.
        File byGit = FS.DETECTED.getGitSystemConfig();
        Optional<File> ours = GitSystemConfig.over(SystemReader.getInstance(), System::getenv).systemConfigFile();
        if (byGit != null) {
            assertEquals(Optional.of(byGit.getCanonicalFile()), ours.map(GitSystemConfigTest::canonical));
        } else {
            assertTrue(ours.isEmpty() || !ours.get().exists(), "git reads no system config, yet " + ours + " exists");
        }
    }

    @Test
    void thePrefixOfTheGitOnPathDecidesTheFile() throws Exception {
        Path usrLocal = executable(dir.resolve("usr/local/bin/git"));
        Path elsewhere = dir.resolve("empty");
        Files.createDirectories(elsewhere);
        GitSystemConfig reader = reader(Map.of("PATH", elsewhere + File.pathSeparator + usrLocal.getParent()));
        assertEquals(Optional.of(dir.resolve("usr/local/etc/gitconfig").toFile()), reader.systemConfigFile());
        if (Files.isExecutable(Path.of("/usr/bin/git"))) {
            assertEquals(Optional.of(new File("/etc/gitconfig")), reader(Map.of("PATH", "/usr/bin")).systemConfigFile(),
                    "a git installed under /usr reads /etc/gitconfig");
        }
        assertEquals(Optional.empty(), reader(Map.of("PATH", elsewhere.toString())).systemConfigFile(),
                "no git, no system config");
    }

    @Test
    void theEnvironmentVariablesOfGitAreHonoured() throws Exception {
        Path file = dir.resolve("system.gitconfig");
        Files.writeString(file, "[user]\n\tname = From System Config\n");
        GitSystemConfig reader = reader(Map.of("GIT_CONFIG_SYSTEM", file.toString(), "PATH", ""));
        FileBasedConfig config = reader.openSystemConfig(null, FS.DETECTED);
        config.load();
        assertEquals("From System Config", config.getString("user", null, "name"));
        FileBasedConfig off = reader(Map.of("GIT_CONFIG_SYSTEM", file.toString(), "GIT_CONFIG_NOSYSTEM", "1"))
                .openSystemConfig(null, FS.DETECTED);
        off.load();
        assertTrue(off.getSections().isEmpty(), "GIT_CONFIG_NOSYSTEM turns it off");
    }

    @Test
    void installedOnceAndReadByJGit() throws Exception {
        GitSystemConfig.install();
        GitSystemConfig.install();
        assertTrue(SystemReader.getInstance() instanceof GitSystemConfig);
        StoredConfig system = SystemReader.getInstance().getSystemConfig();
        assertTrue(system != null);
    }

    private static GitSystemConfig reader(Map<String, String> environment) {
        return GitSystemConfig.over(SystemReader.getInstance(), environment::get);
    }

    private static Path executable(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    private static File canonical(File file) {
        try {
            return file.getCanonicalFile();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

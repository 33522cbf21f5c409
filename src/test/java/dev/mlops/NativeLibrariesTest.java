package dev.mlops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Any resource of a jar stands in for a native library here: the cache only copies and checks bytes. */
class NativeLibrariesTest {
    private static final String RESOURCE = "/picocli/CommandLine.class";

    @TempDir
    Path cache;

    @BeforeEach
    void useCache() {
        System.setProperty(NativeLibraries.DIR_PROPERTY, cache.toString());
    }

    @AfterEach
    void forgetCache() {
        System.clearProperty(NativeLibraries.DIR_PROPERTY);
    }

    @Test
    void unpacksOnceIntoAFolderNamedByTheJarsChecksumAndReusesTheCopy() throws Exception {
        Path copy = NativeLibraries.unpack(CommandLine.class, RESOURCE).orElseThrow();
        assertEquals(cache, copy.getParent().getParent());
        assertTrue(copy.getParent().getFileName().toString().matches("CommandLine-[0-9a-f]{8}-\\d+"), copy.toString());
        assertArrayEquals(bytes(), Files.readAllBytes(copy));
        Files.setLastModifiedTime(copy, FileTime.fromMillis(0));
        assertEquals(copy, NativeLibraries.unpack(CommandLine.class, RESOURCE).orElseThrow());
        assertEquals(0, Files.getLastModifiedTime(copy).toMillis(), "not written again");
    }

    @Test
    void replacesATruncatedCopyAndDeletesWhatKilledProcessesLeft() throws Exception {
        Path copy = NativeLibraries.unpack(CommandLine.class, RESOURCE).orElseThrow();
        Files.write(copy, new byte[10]);
        long running = ProcessHandle.current().parent().orElseThrow().pid();
        Path abandoned = copy.resolveSibling(copy.getFileName() + ".999999999.tmp");
        Path inProgress = copy.resolveSibling(copy.getFileName() + "." + running + ".tmp");
        Files.writeString(abandoned, "half");
        Files.writeString(inProgress, "half");

        assertEquals(copy, NativeLibraries.unpack(CommandLine.class, RESOURCE).orElseThrow());
        assertArrayEquals(bytes(), Files.readAllBytes(copy));
        assertFalse(Files.exists(abandoned), "its process is gone");
        assertTrue(Files.exists(inProgress), "its process may still be writing");
    }

    @Test
    void aJarWithoutTheLibraryGivesNothing() throws Exception {
        assertEquals(Optional.empty(), NativeLibraries.unpack(CommandLine.class, "/lib/nowhere/libnothing.so"));
    }

    private static byte[] bytes() throws Exception {
        try (InputStream in = CommandLine.class.getResourceAsStream(RESOURCE)) {
            return in.readAllBytes();
        }
    }
}

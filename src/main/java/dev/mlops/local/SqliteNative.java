package dev.mlops.local;

import dev.mlops.NativeLibraries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.sqlite.JDBC;

/**
 * Points sqlite-jdbc at its native library in the machine's cache ({@link NativeLibraries}).
 * Left to itself, its loader unpacks a copy into the temporary directory in every process (a killed
 * process leaves it there) and runs {@code uname -o} first to rule out Android. It reads the library
 * from {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} instead when they are set; set by
 * the user, they are left alone. Where the cache fails, sqlite-jdbc loads the library its own way.
 */
final class SqliteNative {
    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";
    /** sqlite-jdbc's folder names for the platforms it ships glibc, macOS and Windows builds for. */
    private static final Map<String, String> FOLDERS = Map.of("linux", "Linux", "macos", "Mac", "windows", "Windows");
    private static boolean done;

    private SqliteNative() {
    }

    /** Call before the first connection; later calls do nothing. */
    static synchronized void useCache() {
        if (done || System.getProperty(PATH) != null) {
            return;
        }
        done = true;
        NativeLibraries.Platform platform = NativeLibraries.Platform.current();
        Optional<String> folder = Optional.ofNullable(FOLDERS.get(platform.os()));
        try {
            Optional<Path> library = folder.isEmpty() ? Optional.empty() : NativeLibraries.unpack(JDBC.class,
                    "/org/sqlite/native/" + folder.get() + "/" + platform.arch() + "/" + System.mapLibraryName("sqlitejdbc"));
            library.ifPresent(file -> {
                System.setProperty(PATH, file.getParent().toString());
                System.setProperty(NAME, file.getFileName().toString());
            });
        } catch (IOException e) {
            // sqlite-jdbc unpacks its own copy, as it always did.
        }
    }
}

package dev.mlops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The native libraries Java libraries carry inside their jars (XGBoost4J's 17.7 MB
 * {@code libxgboost4j.so}, sqlite-jdbc's {@code libsqlitejdbc.so}), unpacked once per machine and
 * user into a cache, where their own loaders unpack a fresh copy into the temporary directory in
 * every process and leave it behind when the process is killed.
 *
 * <p>A library's folder is named by the CRC-32 and size its jar records for it, so finding it costs
 * no read of the library, and another version gets another folder. A first use writes a temporary
 * file next to the library, checks it against that CRC-32 and size, and renames it into place, so
 * processes starting together never load a partial file; a temporary file left by a killed process
 * is deleted by the next one that unpacks there.
 *
 * <p>The cache is {@code -Dmlops.native.dir}, else {@code $XDG_CACHE_HOME/mlops/native}, else
 * {@code ~/.cache/mlops/native}; where that cannot be written, {@code mlops-native-<user>} in the
 * temporary directory (0700, and only if this user owns it).
 */
public final class NativeLibraries {
    /** The system property naming the cache folder. */
    public static final String DIR_PROPERTY = "mlops.native.dir";
    private static final Pattern TEMPORARY = Pattern.compile(".+\\.(\\d+)\\.tmp");
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private NativeLibraries() {
    }

    /**
     * This machine as jars name their native folders: os {@code linux}, {@code linux-musl},
     * {@code macos}, {@code windows} (or os.name); arch {@code x86_64}, {@code aarch64} (or os.arch).
     */
    public record Platform(String os, String arch) {
        public static Platform current() {
            String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String cpu = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            String os = name.startsWith("mac") ? "macos" : name.startsWith("windows") ? "windows"
                    : !name.equals("linux") ? name : Files.exists(Path.of("/etc/alpine-release")) ? "linux-musl" : "linux";
            String arch = cpu.equals("amd64") || cpu.equals("x86_64") ? "x86_64"
                    : cpu.equals("arm64") || cpu.equals("aarch64") ? "aarch64" : cpu;
            return new Platform(os, arch);
        }
    }

    /**
     * The library at {@code resource} in the jar of {@code anchor}, unpacked into the cache if it is
     * not there yet; empty when that jar has no such resource.
     *
     * @throws IOException when no cache folder can be written, or the copy does not match the jar
     */
    public static Optional<Path> unpack(Class<?> anchor, String resource) throws IOException {
        URL url = anchor.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        Fingerprint expected = Fingerprint.of(url);
        String file = resource.substring(resource.lastIndexOf('/') + 1);
        Path relative = Path.of(expected.folder(file), file);
        try {
            return Optional.of(unpack(url, expected, cache().resolve(relative)));
        } catch (IOException e) {
            if (!System.getProperty(DIR_PROPERTY, "").isBlank()) {
                throw e;
            }
            try {
                return Optional.of(unpack(url, expected, privateTemporary().resolve(relative)));
            } catch (IOException second) {
                e.addSuppressed(second);
                throw e;
            }
        }
    }

    private static Path unpack(URL url, Fingerprint expected, Path library) throws IOException {
        if (Files.isRegularFile(library) && Files.size(library) == expected.size()) {
            return library;
        }
        Path folder = library.getParent();
        OwnerOnly.createDirectories(folder);
        deleteAbandoned(folder);
        Path temporary = folder.resolve(library.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Fingerprint written = copy(url, temporary);
            if (!written.equals(expected)) {
                throw new IOException("the copy of " + url + " in " + folder + " does not match the jar (CRC-32 "
                        + written.hex() + " size " + written.size() + ", expected " + expected.hex() + " size "
                        + expected.size() + ")");
            }
            return Files.move(temporary, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Fingerprint copy(URL url, Path to) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(open(url), crc);
                OutputStream out = Files.newOutputStream(OwnerOnly.createFile(to))) {
            long size = in.transferTo(out);
            return new Fingerprint(crc.getValue(), size);
        }
    }

    /** Deletes the temporary files of processes that no longer run (killed while unpacking). */
    private static void deleteAbandoned(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Matcher m = TEMPORARY.matcher(file.getFileName().toString());
                boolean running = m.matches()
                        && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
                if (m.matches() && !running) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** {@code -Dmlops.native.dir}, else {@code $XDG_CACHE_HOME/mlops/native}, else {@code ~/.cache/mlops/native}. */
    static Path cache() {
        String configured = System.getProperty(DIR_PROPERTY, "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = Optional.ofNullable(System.getenv("XDG_CACHE_HOME")).filter(v -> v.startsWith("/")).orElse("");
        return (xdg.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg)).resolve("mlops")
                .resolve("native");
    }

    /** A folder in the shared temporary directory, used only if this user owns it and nobody else may write to it. */
    private static Path privateTemporary() throws IOException {
        String user = System.getProperty("user.name", "");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mlops-native-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
        if (!Files.isSymbolicLink(dir)) {
            OwnerOnly.createDirectories(dir);
        }
        boolean open = Files.getFileStore(dir).supportsFileAttributeView("posix")
                && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).stream().anyMatch(OTHERS::contains);
        if (Files.isSymbolicLink(dir) || open || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(user)) {
            throw new IOException("cannot use " + dir + " for native libraries: another user owns it or may write to it");
        }
        return dir;
    }

    /** What the jar records for a library: the CRC-32 and size of its bytes. */
    private record Fingerprint(long crc, long size) {
        static Fingerprint of(URL url) throws IOException {
            if (url.openConnection() instanceof JarURLConnection jar) {
                try (ZipFile zip = new ZipFile(Path.of(jar.getJarFileURL().toURI()).toFile())) {
                    ZipEntry entry = zip.getEntry(jar.getEntryName());
                    if (entry != null && entry.getCrc() != -1 && entry.getSize() != -1) {
                        return new Fingerprint(entry.getCrc(), entry.getSize());
                    }
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // Not a jar on the file system: read the bytes below.
                }
            }
            CRC32 crc = new CRC32();
            try (InputStream in = new CheckedInputStream(open(url), crc)) {
                long size = in.transferTo(OutputStream.nullOutputStream());
                return new Fingerprint(crc.getValue(), size);
            }
        }

        String hex() {
            return String.format(Locale.ROOT, "%08x", crc);
        }

        /** {@code libxgboost4j-<crc32>-<size>}: another build of the library gets another folder. */
        String folder(String file) {
            int dot = file.indexOf('.');
            return (dot > 0 ? file.substring(0, dot) : file) + "-" + hex() + "-" + size;
        }
    }

    private static InputStream open(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        // The class loader keeps the jar open; a cached JarFile of our own would stay open for the process.
        connection.setUseCaches(false);
        return connection.getInputStream();
    }
}

package dev.mlops.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The built Lambda package, {@code target/mlops-lambda.zip}: its sizes, every class path inside it
 * (the jars in {@code lib/} opened too), and its contents unpacked as Lambda unpacks them, with the
 * classpath Lambda's Java runtime builds from them (the root, then {@code lib/*}).
 */
final class LambdaPackage {
    static final Path DEFAULT = Path.of("target", "mlops-lambda.zip");
    static final long MB = 1024 * 1024;

    private final Path zip;

    LambdaPackage(Path zip) {
        this.zip = zip;
    }

    Path zip() {
        return zip;
    }

    long zippedBytes() throws IOException {
        return Files.size(zip);
    }

    long unzippedBytes() throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return Collections.list(file.entries()).stream().mapToLong(ZipEntry::getSize).sum();
        }
    }

    /** The names of the package's entries, and of the entries of each jar in it as {@code lib/x.jar!/name}. */
    List<String> entries() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                names.add(entry.getName());
                if (entry.getName().endsWith(".jar")) {
                    try (ZipInputStream jar = new ZipInputStream(file.getInputStream(entry))) {
                        for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                            names.add(entry.getName() + "!/" + inner.getName());
                        }
                    }
                }
            }
        }
        return names;
    }

    /** Unpacks into {@code dir} and returns the classpath Lambda would use: {@code dir} and {@code dir/lib/*}. */
    String unpack(Path dir) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("cannot unpack " + zip + ": entry " + entry.getName() + " leaves the folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        return dir + java.io.File.pathSeparator + dir.resolve("lib") + java.io.File.separator + "*";
    }

    /**
     * A folder holding only {@link ColdStartDriver}'s class, copied from the test classes, so a
     * fresh JVM gets the driver without the rest of the test classpath.
     */
    static Path driverOnly(Path dir) {
        String name = ColdStartDriver.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ColdStartDriver.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("cannot find " + name + " on the test classpath");
            }
            Path target = dir.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

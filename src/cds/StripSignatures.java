import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites each signed jar given without its signature files, in place (write aside, then rename).
 * The JVM checks a signed jar's digests as it loads each class, and class-data sharing never
 * archives a signed jar's classes; the build's copies in target/lib need neither (Maven checked the
 * downloads). Run by build-archive with the JDK's single-file source launcher.
 */
public final class StripSignatures {
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)|META-INF/SIG-[^/]+");

    private StripSignatures() {
    }

    public static void main(String[] jars) throws IOException {
        for (String name : jars) {
            Path jar = Path.of(name);
            if (isSigned(jar)) {
                strip(jar);
                System.out.println("stripped the signature of " + jar);
            }
        }
    }

    private static boolean isSigned(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> isSignature(e.getName()));
        }
    }

    private static boolean isSignature(String entry) {
        return SIGNATURE.matcher(entry.toUpperCase(Locale.ROOT)).matches();
    }

    private static void strip(Path jar) throws IOException {
        Path aside = jar.resolveSibling(jar.getFileName() + ".unsigned");
        try (ZipFile zip = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(aside);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : zip.stream().filter(e -> !isSignature(e.getName())).toList()) {
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(aside, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

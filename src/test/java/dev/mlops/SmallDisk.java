package dev.mlops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real full or read-only file system for the fault tests: a small tmpfs mounted on a directory
 * (writes past its size fail with ENOSPC), or a directory bind-mounted read-only on itself (which
 * stops root too, where file modes do not). Mounting needs root with CAP_SYS_ADMIN, as CI has here;
 * elsewhere the test is skipped with the reason printed.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;
    private final Path filler;

    private SmallDisk(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** A tmpfs of {@code size} (mount's syntax: 4m, 64k) on {@code dir}, created if missing. */
    public static SmallDisk tmpfs(Path dir, String size) throws IOException {
        Files.createDirectories(dir);
        mountOrSkip(dir, List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString()));
        return new SmallDisk(dir);
    }

    /** {@code dir} as it is, read-only for everyone (root included) until closed. */
    public static SmallDisk readOnly(Path dir) throws IOException {
        mountOrSkip(dir, List.of("mount", "--bind", "-o", "ro", dir.toString(), dir.toString()));
        SmallDisk disk = new SmallDisk(dir);
        if (Files.isWritable(dir) && canWrite(dir)) {
            disk.close();
            Assumptions.abort("a read-only bind mount of " + dir + " still takes writes here (old mount(8)?)");
        }
        return disk;
    }

    /** Gives a tmpfs a new size (mount's syntax), keeping its files. */
    public void resize(String size) throws IOException {
        String failed = run(List.of("mount", "-o", "remount,size=" + size, dir.toString()));
        if (!failed.isEmpty()) {
            throw new IOException("cannot resize the tmpfs on " + dir + ": " + failed);
        }
    }

    /** Writes a file until the disk says it is full; what was free is now taken. */
    public void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    /** Gives back what {@link #fill} took. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException {
        run(List.of("umount", "-l", dir.toString()));
    }

    private static boolean canWrite(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void mountOrSkip(Path dir, List<String> command) throws IOException {
        String failed = run(command);
        if (!failed.isEmpty()) {
            String reason = "cannot mount on " + dir + " here (" + failed.strip() + "); a real full or read-only disk"
                    + " needs root with CAP_SYS_ADMIN: skipped";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
    }

    /** Runs the command; its output when it failed, else "". */
    private static String run(List<String> command) throws IOException {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? "" : "exit " + process.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

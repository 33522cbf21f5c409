package dev.mlops.gitops.git;

import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive use of one working clone, across threads and processes (a watcher and a promote
 * sharing a state directory). A file lock alone is not enough: the JVM holds file locks per
 * process and throws when a second thread asks for the same file, so threads first queue on an
 * in-process lock for the same path.
 */
final class CloneLock implements AutoCloseable {
    private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_PROCESS = new ConcurrentHashMap<>();
    private final ReentrantLock threads;
    private final FileChannel channel;
    private final FileLock processes;

    private CloneLock(ReentrantLock threads, FileChannel channel, FileLock processes) {
        this.threads = threads;
        this.channel = channel;
        this.processes = processes;
    }

    static CloneLock acquire(Path lockFile) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threads = IN_THIS_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        threads.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new CloneLock(threads, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            threads.unlock();
            throw new WorkFailedException("cannot lock the desired-state clone " + key + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            processes.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock as well.
        } finally {
            closeQuietly(channel);
            threads.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is written to the lock file; a failed close loses nothing.
        }
    }
}

package dev.mlops.server;

import dev.mlops.OwnerOnly;
import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on {@code <state-dir>/endpoints/.serve.lock}: two serving processes on one state
 * dir would overwrite each other's status files. The OS drops the lock when the process dies,
 * even by kill -9, so a restart never finds a stale one.
 */
final class StateDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateDirLock acquire(Path stateDir) {
        Path file = stateDir.resolve("endpoints").resolve(".serve.lock");
        try {
            OwnerOnly.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new WorkFailedException("cannot serve " + stateDir + ": another serving process already does"
                        + holder(stateDir));
            }
            return new StateDirLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static String holder(Path stateDir) {
        try {
            return ServingProcess.find(stateDir).map(p -> " (pid " + p.pid() + " at " + p.url() + ")").orElse("");
        } catch (RuntimeException e) {
            // An unreadable announcement only costs the hint; the refusal stands.
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock: " + e.getMessage(), e);
        }
    }
}

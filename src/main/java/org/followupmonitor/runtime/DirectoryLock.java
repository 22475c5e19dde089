package org.followupmonitor.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a directory for as long as one instance uses it: a second monitor on the same
 * {@code --state-dir} (or a second demo or broker on the same {@code --data-dir}) stops at start with one line,
 * instead of fighting the first over its state stores or broker log. The operating system releases the lock when
 * the process ends, however it ends, so a killed instance leaves nothing to clean up; the lock file itself stays.
 */
public final class DirectoryLock implements AutoCloseable {
    /**
     * Lock files held in this JVM. A second channel on a file this process has locked is never opened: closing it
     * would release the process's lock on some systems (POSIX record locks belong to the process).
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks {@code dir/lockFileName}.
     *
     * @param option the option that named the directory, for the message (e.g. {@code --state-dir})
     * @param user what uses the directory, for the message (e.g. {@code followup-monitor run})
     * @throws StartupException when another instance holds the lock or the directory cannot be used
     */
    public static DirectoryLock acquire(Path dir, String lockFileName, String option, String user) {
        Path file = dir.resolve(lockFileName);
        FileChannel channel;
        try {
            Files.createDirectories(dir);
            file = dir.toRealPath().resolve(lockFileName);
        } catch (IOException e) {
            throw new StartupException(option + " " + dir, "cannot use the directory (" + e.getMessage()
                    + "); check that it is a writable directory or choose another");
        }
        if (!HELD.add(file)) {
            throw inUse(dir, file, option, user);
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            HELD.remove(file);
            throw new StartupException(option + " " + dir, "cannot use the directory (" + e.getMessage()
                    + "); check that it is a writable directory or choose another");
        }
        FileLock lock = null;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null; // held by another channel of this JVM that is not ours
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw new StartupException(option + " " + dir, "cannot lock " + file + " (" + e.getMessage()
                    + "); check that the directory is writable or choose another");
        }
        if (lock == null) {
            closeQuietly(channel);
            HELD.remove(file);
            throw inUse(dir, file, option, user);
        }
        return new DirectoryLock(file, channel, lock);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked through it
        }
    }

    private static StartupException inUse(Path dir, Path file, String option, String user) {
        return new StartupException(option + " " + dir, "in use by another running " + user + " (it holds " + file
                + "); stop it, or give this one its own " + option);
    }

    /** Releases the lock; idempotent. */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // The lock goes with the channel; nothing else to do.
        } finally {
            HELD.remove(file);
        }
    }
}

package org.fedvae.coordinator.enrol;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** An exclusive lock between processes on a lock file, acquired within a bounded wait. */
final class LockFile implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private LockFile(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static LockFile acquire(Path file, Duration timeout) throws EnrolmentException {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(
                    file,
                    java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(SecureFiles.OWNER_ONLY_FILE));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                FileLock l = ch.tryLock();
                if (l != null) {
                    return new LockFile(ch, l);
                }
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
                Thread.sleep(50);
            }
            ch.close();
            throw new EnrolmentException("another enrolment holds " + file + "; try again when it has finished");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new EnrolmentException("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(ch);
            Thread.currentThread().interrupt();
            throw new EnrolmentException("interrupted while waiting for " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}

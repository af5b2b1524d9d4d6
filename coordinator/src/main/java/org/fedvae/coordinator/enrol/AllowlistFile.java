package org.fedvae.coordinator.enrol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;

/**
 * The allowlist on disk. Updates are read-modify-write under a lock file and replace the file
 * atomically, so a reader sees the old or the new list, never half of one. {@link #current()}
 * re-reads the file when it changed, so a revocation takes effect for the next connection
 * without restarting the coordinator.
 */
public final class AllowlistFile {

    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private Snapshot cached;

    private record Snapshot(Object fileKey, long modified, long size, Allowlist list) {}

    public AllowlistFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    /** The list as the file says now; an absent file is an empty list. */
    public Allowlist read() throws EnrolmentException {
        try {
            return Allowlist.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return Allowlist.EMPTY;
        } catch (IOException e) {
            throw new EnrolmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The current list, re-read only if the file changed since the last call. A file that became
     * unreadable or invalid fails here (fail closed) rather than leaving a stale list in force.
     */
    public synchronized Allowlist current() throws EnrolmentException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            cached = null;
            return Allowlist.EMPTY;
        } catch (IOException e) {
            throw new EnrolmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Snapshot s = cached;
        if (s == null
                || !Objects.equals(s.fileKey, attrs.fileKey())
                || s.modified != attrs.lastModifiedTime().toMillis()
                || s.size != attrs.size()) {
            cached = null;
            Allowlist list = read();
            cached = new Snapshot(attrs.fileKey(), attrs.lastModifiedTime().toMillis(), attrs.size(), list);
            return list;
        }
        return s.list;
    }

    /** Applies {@code change} to the list and writes the result, excluding concurrent updates. */
    public Allowlist update(Change change) throws EnrolmentException {
        SecureFiles.createDirectories(file.getParent());
        try (LockFile lock = LockFile.acquire(file.resolveSibling(file.getFileName() + ".lock"), LOCK_TIMEOUT)) {
            Allowlist next = change.apply(read());
            SecureFiles.writePublic(file, next.format().getBytes(StandardCharsets.UTF_8));
            return next;
        }
    }

    /** A change to the allowlist, which may refuse it. */
    @FunctionalInterface
    public interface Change {
        Allowlist apply(Allowlist current) throws EnrolmentException;
    }
}

package org.fedvae.coordinator.enrol;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fedvae.protocol.io.AtomicFiles;

/**
 * File writes for enrolment: every file appears atomically (temporary file in the same directory,
 * then rename), private keys are created owner-only (the mode is given to the creating call, so
 * the key is never readable by others, not even for an instant), directories are owner-only.
 */
final class SecureFiles {

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {}

    /** Creates {@code dir} and missing parents, each owner-only; existing directories are left as they are. */
    static void createDirectories(Path dir) throws EnrolmentException {
        requirePosix();
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw new EnrolmentException(abs + " exists and is not a directory");
            }
        } catch (IOException e) {
            throw new EnrolmentException("cannot create directory " + abs + ": " + e.getMessage(), e);
        }
    }

    /** Fails, naming every one of them, if any of {@code files} exists and {@code force} is off. */
    static void refuseToOverwrite(List<Path> files, boolean force) throws EnrolmentException {
        if (force) {
            return;
        }
        List<Path> existing = files.stream().filter(Files::exists).collect(Collectors.toList());
        if (!existing.isEmpty()) {
            throw new EnrolmentException("refusing to overwrite "
                    + existing.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + " (use --force to replace them)");
        }
    }

    static void writePrivate(Path file, byte[] content) throws EnrolmentException {
        write(file, content, OWNER_ONLY_FILE);
    }

    static void writePublic(Path file, byte[] content) throws EnrolmentException {
        write(file, content, PUBLIC_FILE);
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> perms) throws EnrolmentException {
        requirePosix();
        Path abs = file.toAbsolutePath();
        try {
            AtomicFiles.write(abs, content, perms);
        } catch (IOException e) {
            throw new EnrolmentException("cannot write " + abs + ": " + e.getMessage(), e);
        }
    }

    private static void requirePosix() throws EnrolmentException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            throw new EnrolmentException("this file system has no POSIX permissions, so private keys cannot be "
                    + "protected; run enrolment on Linux or macOS");
        }
    }
}

package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.fedvae.protocol.io.AtomicFiles;

/**
 * One number in the site's state folder that only grows (unsigned 64-bit, decimal), replaced
 * atomically, so that a restart cannot make the site forget it. The ledgers of rounds taken part
 * in and of revocation lists seen are built on it.
 */
final class StateNumber {

    private final Path file;
    private long value;

    private StateNumber(Path file, long value) {
        this.file = file;
        this.value = value;
    }

    /**
     * @param stateDir    where the number lives; null keeps it in memory only (tests)
     * @param what        what the number is, for the message about a damaged file
     * @param consequence what a coordinator could do if the file were deleted
     * @throws IOException if the file exists but holds no number: the site must not start on it
     */
    static StateNumber open(Path stateDir, String fileName, String what, String consequence) throws IOException {
        if (stateDir == null) {
            return new StateNumber(null, 0);
        }
        Path file = stateDir.resolve(fileName);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException fresh) {
            return new StateNumber(file, 0);
        }
        try {
            return new StateNumber(file, Long.parseUnsignedLong(text));
        } catch (NumberFormatException e) {
            throw new IOException(
                    file + ": not " + what + " (" + text.length()
                            + " characters). Restore it from a backup: deleting it " + "would let a coordinator "
                            + consequence,
                    e);
        }
    }

    long value() {
        return value;
    }

    /** Raises the number to {@code n} on disk, then in memory; a number not above it changes nothing. */
    void raise(long n) throws IOException {
        if (Long.compareUnsigned(n, value) <= 0) {
            return;
        }
        if (file != null) {
            AtomicFiles.writeString(file, Long.toUnsignedString(n) + "\n");
        }
        value = n;
    }
}

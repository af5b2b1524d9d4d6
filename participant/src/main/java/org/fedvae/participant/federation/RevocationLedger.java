package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.fedvae.protocol.io.AtomicFiles;

/**
 * The highest revocation list number this participant has accepted, kept on disk so that after
 * a restart too a coordinator cannot serve an older list (one from before a member was revoked).
 * Recorded, like the round id, before anything of the round leaves the site.
 */
final class RevocationLedger {

    static final String FILE = "revocation-list-number";

    private final Path file;
    private long highest;

    private RevocationLedger(Path file, long highest) {
        this.file = file;
        this.highest = highest;
    }

    /** @param stateDir where the ledger lives; null keeps it in memory only (tests) */
    static RevocationLedger open(Path stateDir) throws IOException {
        if (stateDir == null) {
            return new RevocationLedger(null, 0);
        }
        Path file = stateDir.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException fresh) {
            return new RevocationLedger(file, 0);
        }
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return new RevocationLedger(file, n);
        } catch (NumberFormatException e) {
            throw new IOException(
                    file + ": not a revocation list number (" + text.length() + " characters); this file records "
                            + "the newest revocation list this site accepted. Restore it from a backup: deleting it would let a "
                            + "coordinator serve an older list",
                    e);
        }
    }

    long highest() {
        return highest;
    }

    /** Records {@code number} as seen; a number not above the highest changes nothing. */
    void record(long number) throws IOException {
        if (number <= highest) {
            return;
        }
        if (file != null) {
            AtomicFiles.writeString(file, number + "\n");
        }
        highest = number;
    }
}

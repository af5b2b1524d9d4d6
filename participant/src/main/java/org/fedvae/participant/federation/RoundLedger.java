package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.fedvae.protocol.io.AtomicFiles;

/**
 * The newest round this participant took part in, kept on disk so that a restart does not let a
 * coordinator run a round id a second time (a replayed or repeated round would let it compare two
 * masked sums of the same round). A round is recorded before anything of it leaves the site.
 */
final class RoundLedger {

    static final String FILE = "last-round";

    private final Path file;
    private long lastRoundId;

    private RoundLedger(Path file, long lastRoundId) {
        this.file = file;
        this.lastRoundId = lastRoundId;
    }

    /** @param stateDir where the ledger lives; null keeps it in memory only (tests) */
    static RoundLedger open(Path stateDir) throws IOException {
        if (stateDir == null) {
            return new RoundLedger(null, 0);
        }
        Path file = stateDir.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException fresh) {
            return new RoundLedger(file, 0);
        }
        try {
            return new RoundLedger(file, Long.parseUnsignedLong(text));
        } catch (NumberFormatException e) {
            throw new IOException(
                    file + ": not a round id (" + text.length() + " characters); this file records the "
                            + "newest round this site took part in. Restore it from a backup: deleting it would let a coordinator "
                            + "repeat a round",
                    e);
        }
    }

    long lastRoundId() {
        return lastRoundId;
    }

    /** Records {@code roundId} as taken part in; it must be newer than every round before. */
    void record(long roundId) throws IOException {
        if (Long.compareUnsigned(roundId, lastRoundId) <= 0) {
            throw new IllegalArgumentException("round " + Long.toUnsignedString(roundId) + " is not newer than "
                    + Long.toUnsignedString(lastRoundId));
        }
        if (file != null) {
            AtomicFiles.writeString(file, Long.toUnsignedString(roundId) + "\n");
        }
        lastRoundId = roundId;
    }
}

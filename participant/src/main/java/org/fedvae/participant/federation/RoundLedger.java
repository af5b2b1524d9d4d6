package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The newest round this participant took part in, kept on disk so that a restart does not let a
 * coordinator run a round id a second time (a replayed or repeated round would let it compare two
 * masked sums of the same round). A round is recorded before anything of it leaves the site.
 */
final class RoundLedger {

    static final String FILE = "last-round";

    private final StateNumber last;

    private RoundLedger(StateNumber last) {
        this.last = last;
    }

    /** @param stateDir where the ledger lives; null keeps it in memory only (tests) */
    static RoundLedger open(Path stateDir) throws IOException {
        return new RoundLedger(StateNumber.open(
                stateDir, FILE, "a round id (the newest round this site took part in)", "repeat a round"));
    }

    long lastRoundId() {
        return last.value();
    }

    /** Records {@code roundId} as taken part in; it must be newer than every round before. */
    void record(long roundId) throws IOException {
        if (Long.compareUnsigned(roundId, last.value()) <= 0) {
            throw new IllegalArgumentException("round " + Long.toUnsignedString(roundId) + " is not newer than "
                    + Long.toUnsignedString(last.value()));
        }
        last.raise(roundId);
    }
}

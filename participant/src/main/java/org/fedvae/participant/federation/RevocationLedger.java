package org.fedvae.participant.federation;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The highest revocation list number this participant has accepted, kept on disk so that after
 * a restart too a coordinator cannot serve an older list (one from before a member was revoked).
 * Recorded, like the round id, before anything of the round leaves the site.
 */
final class RevocationLedger {

    static final String FILE = "revocation-list-number";

    private final StateNumber highest;

    private RevocationLedger(StateNumber highest) {
        this.highest = highest;
    }

    /** @param stateDir where the ledger lives; null keeps it in memory only (tests) */
    static RevocationLedger open(Path stateDir) throws IOException {
        return new RevocationLedger(StateNumber.open(
                stateDir,
                FILE,
                "a revocation list number (the newest revocation list this site accepted)",
                "serve an older list"));
    }

    long highest() {
        return highest.value();
    }

    /** Records {@code number} as seen; a number not above the highest changes nothing. */
    void record(long number) throws IOException {
        highest.raise(number);
    }
}

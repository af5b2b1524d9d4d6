package org.fedvae.protocol.secagg;

import java.util.HashMap;
import java.util.Map;
import org.fedvae.protocol.proto.SecAggAbortReason;

/**
 * What a participant has revealed about each peer this round. Revealing the self-mask share of a
 * peer and the mask-key share of the same peer would let the coordinator unmask that peer's
 * input, so the ledger refuses the second kind for good, across every request of the round.
 */
final class RevealLedger {

    enum Kind {
        /** A share of the peer's self-mask seed b: only for peers whose input is in the sum. */
        SELF_MASK,
        /** A share of the peer's mask key s_sk: only for peers whose input is not in the sum. */
        MASK_KEY
    }

    private final Map<Integer, Kind> revealed = new HashMap<>();

    /** Throws if revealing {@code kind} for {@code peer} contradicts an earlier reveal; records nothing. */
    void check(int peer, Kind kind) throws SecAggViolation {
        Kind earlier = revealed.get(peer);
        if (earlier != null && earlier != kind) {
            throw new SecAggViolation(
                    SecAggAbortReason.REVEAL_CONFLICT,
                    "asked for the " + describe(kind) + " share of participant " + peer + " after revealing its "
                            + describe(earlier) + " share");
        }
    }

    void record(int peer, Kind kind) throws SecAggViolation {
        check(peer, kind);
        revealed.put(peer, kind);
    }

    Kind revealedFor(int peer) {
        return revealed.get(peer);
    }

    private static String describe(Kind kind) {
        return kind == Kind.SELF_MASK ? "self-mask (b)" : "mask-key (s_sk)";
    }
}

package org.fedvae.protocol.secagg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The exact byte strings that participants sign with their identity keys. Each starts with its
 * own domain label, so a signature made for one purpose can never be replayed as another.
 */
final class SignedPayloads {

    private static final byte[] ADVERTISE = "fedvae/secagg/advertise/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONSISTENCY = "fedvae/secagg/consistency/v1".getBytes(StandardCharsets.US_ASCII);

    private SignedPayloads() {
    }

    /**
     * Label || round id || config digest || sender id || c_pk || s_pk: binds both fresh keys to one
     * round, to the exact configuration the sender was given, and to the sender.
     */
    static byte[] advertise(RoundConfig config, int senderId, byte[] cPk, byte[] sPk) {
        byte[] digest = config.digest();
        return ByteBuffer.allocate(ADVERTISE.length + 8 + digest.length + 4 + cPk.length + sPk.length)
                .put(ADVERTISE).putLong(config.roundId()).put(digest).putInt(senderId).put(cPk).put(sPk)
                .array();
    }

    /**
     * Label || round id || session id || |U3| || U3 ascending. The session id pins the key list the
     * signer saw, so a signature cannot vouch for the same ids under a different set of keys.
     */
    static byte[] consistency(long roundId, byte[] sessionId, Collection<Integer> ascendingSurvivors) {
        ByteBuffer b = ByteBuffer.allocate(CONSISTENCY.length + 8 + sessionId.length + 4 + 4 * ascendingSurvivors.size())
                .put(CONSISTENCY).putLong(roundId).put(sessionId).putInt(ascendingSurvivors.size());
        int previous = Integer.MIN_VALUE;
        for (int id : ascendingSurvivors) {
            if (id <= previous) {
                throw new IllegalArgumentException("survivor ids must be strictly ascending");
            }
            previous = id;
            b.putInt(id);
        }
        return b.array();
    }
}

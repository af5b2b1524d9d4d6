package org.fedvae.protocol.secagg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.fedvae.protocol.proto.ShareCommitment;

/**
 * The exact byte strings that participants sign with their identity keys. Each starts with its
 * own domain label, so a signature made for one purpose can never be replayed as another.
 */
final class SignedPayloads {

    private static final byte[] ADVERTISE = "fedvae/secagg/advertise/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONSISTENCY = "fedvae/secagg/consistency/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHARE_COMMITMENTS =
            "fedvae/secagg/share-commitments/v2".getBytes(StandardCharsets.US_ASCII);

    private SignedPayloads() {}

    /**
     * Label || round id || config digest || sender id || c_pk || s_pk: binds both fresh keys to one
     * round, to the exact configuration the sender was given, and to the sender.
     */
    static byte[] advertise(RoundConfig config, int senderId, byte[] cPk, byte[] sPk) {
        byte[] digest = config.digest();
        return ByteBuffer.allocate(ADVERTISE.length + 8 + digest.length + 4 + cPk.length + sPk.length)
                .put(ADVERTISE)
                .putLong(config.roundId())
                .put(digest)
                .putInt(senderId)
                .put(cPk)
                .put(sPk)
                .array();
    }

    /**
     * Label || round id || session id || |U3| || U3 ascending. The session id pins the key list the
     * signer saw, so a signature cannot vouch for the same ids under a different set of keys.
     */
    static byte[] consistency(long roundId, byte[] sessionId, Collection<Integer> ascendingSurvivors) {
        ByteBuffer b = ByteBuffer.allocate(
                        CONSISTENCY.length + 8 + sessionId.length + 4 + 4 * ascendingSurvivors.size())
                .put(CONSISTENCY)
                .putLong(roundId)
                .put(sessionId)
                .putInt(ascendingSurvivors.size());
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

    /**
     * Protocol v2. Label || round id || session id || dealer id || count || each entry (recipient id
     * || b-share hash || s_sk-share hash), in list order. Round, session and dealer make the list one
     * dealer's, for one session: the coordinator cannot pass it off as another's.
     */
    static byte[] shareCommitments(long roundId, byte[] sessionId, int dealerId, List<ShareCommitment> entries) {
        int size = SHARE_COMMITMENTS.length + 8 + sessionId.length + 4 + 4;
        for (ShareCommitment c : entries) {
            size += 4
                    + c.getSelfMaskCommitment().size()
                    + c.getMaskKeyCommitment().size();
        }
        ByteBuffer b = ByteBuffer.allocate(size)
                .put(SHARE_COMMITMENTS)
                .putLong(roundId)
                .put(sessionId)
                .putInt(dealerId)
                .putInt(entries.size());
        for (ShareCommitment c : entries) {
            b.putInt(c.getRecipientId())
                    .put(c.getSelfMaskCommitment().toByteArray())
                    .put(c.getMaskKeyCommitment().toByteArray());
        }
        return b.array();
    }
}

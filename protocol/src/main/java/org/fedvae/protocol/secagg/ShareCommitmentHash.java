package org.fedvae.protocol.secagg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Protocol v2: the hash a dealer commits to for one share it deals. Fixed size, domain-separated,
 * and bound to the session, the dealer, the recipient and the kind of secret, so a commitment
 * cannot be replayed for another round, another pair of participants or the other kind of share.
 * A share is 32 bytes of high entropy (uniform for t >= 2), so its hash reveals nothing usable.
 */
final class ShareCommitmentHash {

    static final int BYTES = 32;

    private static final byte[] LABEL = "fedvae/secagg/share-commitment/v2".getBytes(StandardCharsets.US_ASCII);

    private ShareCommitmentHash() {}

    /** SHA-256(label || session id || dealer (4 BE) || recipient (4 BE) || kind byte || share). */
    static byte[] of(byte[] sessionId, int dealerId, int recipientId, RevealLedger.Kind kind, byte[] share) {
        byte[] input = ByteBuffer.allocate(LABEL.length + sessionId.length + 4 + 4 + 1 + share.length)
                .put(LABEL)
                .put(sessionId)
                .putInt(dealerId)
                .putInt(recipientId)
                .put(kindByte(kind))
                .put(share)
                .array();
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** 'b' for a share of the self-mask seed, 's' for a share of s_sk. */
    static byte kindByte(RevealLedger.Kind kind) {
        return kind == RevealLedger.Kind.SELF_MASK ? (byte) 'b' : (byte) 's';
    }
}

package org.fedvae.protocol.secagg;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.fedvae.protocol.crypto.AesGcm;
import org.fedvae.protocol.crypto.CryptoException;
import org.fedvae.protocol.crypto.KeyDerivation;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SharePair;

/**
 * Encrypts one participant's pair of Shamir shares for one peer. The key (from X25519 over the
 * c keys and the session id) is the same in both directions of a pair, so the nonce
 * ({@link KeyDerivation#shareNonce}) carries the direction. Each direction encrypts exactly once
 * per session, which keeps every (key, nonce) pair unique. The AAD binds session, sender and recipient, so
 * the coordinator cannot re-route a ciphertext to another recipient or another round.
 */
final class ShareCipher {

    private static final byte[] AAD_LABEL = "fedvae/secagg/shares/v1".getBytes(StandardCharsets.US_ASCII);

    private ShareCipher() {}

    static ByteString encrypt(byte[] key, byte[] sessionId, int senderId, int recipientId, SharePair shares) {
        byte[] plaintext = shares.toByteArray();
        try {
            return ByteString.copyFrom(AesGcm.encrypt(
                    key,
                    KeyDerivation.shareNonce(senderId, recipientId),
                    plaintext,
                    aad(sessionId, senderId, recipientId)));
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    static SharePair decrypt(byte[] key, byte[] sessionId, int senderId, int recipientId, ByteString ciphertext)
            throws SecAggViolation {
        byte[] plaintext;
        try {
            plaintext = AesGcm.decrypt(
                    key,
                    KeyDerivation.shareNonce(senderId, recipientId),
                    ciphertext.toByteArray(),
                    aad(sessionId, senderId, recipientId));
        } catch (CryptoException e) {
            throw new SecAggViolation(
                    SecAggAbortReason.DECRYPTION_FAILED,
                    "shares from participant " + senderId + " to " + recipientId + " did not authenticate");
        }
        try {
            return SharePair.parseFrom(plaintext);
        } catch (InvalidProtocolBufferException e) {
            throw new SecAggViolation(
                    SecAggAbortReason.MALFORMED_MESSAGE,
                    "shares from participant " + senderId + " decrypted but do not parse: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] aad(byte[] sessionId, int senderId, int recipientId) {
        return ByteBuffer.allocate(AAD_LABEL.length + sessionId.length + 8)
                .put(AAD_LABEL)
                .put(sessionId)
                .putInt(senderId)
                .putInt(recipientId)
                .array();
    }
}

package org.fedvae.protocol.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The protocol's key derivations, each HKDF-SHA256 ({@link Hkdf}) with a fixed
 * domain-separation label, all bound to the round's {@link SessionId}:
 *
 * <pre>
 *   key = HKDF-SHA256(ikm = input, salt = sessionId (32 bytes), info = label (US-ASCII), L = 32)
 * </pre>
 *
 * <table>
 *   <caption>inputs and labels</caption>
 *   <tr><th>method</th><th>ikm</th><th>info</th></tr>
 *   <tr><td>{@link #shareEncryptionKey}</td><td>X25519(c_sk_u, c_pk_v), 32 bytes</td>
 *       <td>{@code "fedvae/secagg/v1/share-encryption-key"}</td></tr>
 *   <tr><td>{@link #pairwiseMaskKey}</td><td>X25519(s_sk_u, s_pk_v), 32 bytes</td>
 *       <td>{@code "fedvae/secagg/v1/pairwise-mask-key"}</td></tr>
 *   <tr><td>{@link #selfMaskKey}</td><td>the self-mask seed b, 32 bytes</td>
 *       <td>{@code "fedvae/secagg/v1/self-mask-key"}</td></tr>
 * </table>
 *
 * The labels keep the three uses apart even if the same input were ever fed to two of them; the
 * session id as salt makes every key unique to the round and its advertised keys.
 *
 * <p>Mask streams use {@link MaskPrg} with the all-zero IV ({@link #maskIv()}). That is safe
 * because each mask key drives exactly one stream: a fresh key per (session, pair) or (session,
 * participant), and the same stream is regenerated only to cancel or strip that very mask. With a
 * key never reused, the IV has nothing left to separate.
 */
public final class KeyDerivation {

    public static final int KEY_LENGTH = 32;

    static final byte[] SHARE_ENCRYPTION_INFO = ascii("fedvae/secagg/v1/share-encryption-key");
    static final byte[] PAIRWISE_MASK_INFO = ascii("fedvae/secagg/v1/pairwise-mask-key");
    static final byte[] SELF_MASK_INFO = ascii("fedvae/secagg/v1/self-mask-key");

    private KeyDerivation() {}

    /**
     * The AES-256-GCM key for the shares u and v send each other. X25519 is symmetric, so u and v
     * derive the same key and use it in both directions: the nonce must then tell the directions
     * apart, see {@link #shareNonce(int, int)}.
     */
    public static byte[] shareEncryptionKey(byte[] sharedSecret, byte[] sessionId) {
        return derive(sharedSecret, "X25519 shared secret", sessionId, SHARE_ENCRYPTION_INFO);
    }

    /** The MaskPrg key of the pairwise mask between u and v (u adds it, v subtracts it, or vice versa). */
    public static byte[] pairwiseMaskKey(byte[] sharedSecret, byte[] sessionId) {
        return derive(sharedSecret, "X25519 shared secret", sessionId, PAIRWISE_MASK_INFO);
    }

    /** The MaskPrg key of a participant's self mask, from its 32-byte seed b. */
    public static byte[] selfMaskKey(byte[] seed32, byte[] sessionId) {
        return derive(seed32, "self-mask seed", sessionId, SELF_MASK_INFO);
    }

    /** The IV of every mask stream: 16 zero bytes (a fresh array). See the class comment for why. */
    public static byte[] maskIv() {
        return new byte[MaskPrg.IV_LENGTH];
    }

    /**
     * The AES-GCM nonce for the share ciphertext from {@code senderId} to {@code receiverId}:
     * sender id (4 bytes big-endian) || receiver id (4 bytes big-endian) || 4 zero bytes. The
     * share key is shared by both directions of a pair and each direction carries one message
     * per session, so distinct (sender, receiver) pairs give distinct nonces under that key.
     *
     * @throws IllegalArgumentException if sender and receiver are the same participant
     */
    public static byte[] shareNonce(int senderId, int receiverId) {
        if (senderId == receiverId) {
            throw new IllegalArgumentException("a participant does not encrypt shares to itself (id " + senderId + ")");
        }
        return ByteBuffer.allocate(AesGcm.NONCE_LENGTH)
                .putInt(senderId)
                .putInt(receiverId)
                .array();
    }

    private static byte[] derive(byte[] ikm, String ikmName, byte[] sessionId, byte[] info) {
        Bytes.requireLength(ikm, 32, ikmName);
        Bytes.requireLength(sessionId, SessionId.LENGTH, "session id");
        return Hkdf.sha256(ikm, sessionId, info, KEY_LENGTH);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

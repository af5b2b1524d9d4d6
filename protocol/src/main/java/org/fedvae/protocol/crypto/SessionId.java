package org.fedvae.protocol.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The session id of one secure-aggregation round: a 32-byte SHA-256 digest that binds every
 * derived key and mask stream to this round and this exact set of advertised keys, so nothing can
 * be replayed or reused across rounds or across cohorts that saw different key lists.
 *
 * <h2>Byte layout</h2>
 * {@code sessionId = SHA-256(message)}, where {@code message} is the concatenation of
 * <ol>
 *   <li>the label {@code "fedvae/secagg/v1/session-id"}: 27 bytes of US-ASCII, no length prefix
 *       and no terminator;</li>
 *   <li>the round id: 8 bytes, signed 64-bit big-endian;</li>
 *   <li>for each advertised participant, in ascending (signed 32-bit) order of participant id,
 *       68 bytes: the participant id (4 bytes, big-endian), its {@code c_pk} (32 bytes, the
 *       X25519 public key for share encryption) and its {@code s_pk} (32 bytes, the X25519
 *       public key for pairwise masks).</li>
 * </ol>
 * Every field has a fixed length, so the encoding is injective without separators: the message
 * is {@code 35 + 68 * k} bytes for {@code k} participants. Sorting makes the id independent of the
 * order in which advertisements arrived.
 */
public final class SessionId {

    public static final int LENGTH = 32;
    static final byte[] LABEL = "fedvae/secagg/v1/session-id".getBytes(StandardCharsets.US_ASCII);
    private static final int ENTRY_LENGTH = Integer.BYTES + 2 * X25519KeyPair.KEY_LENGTH;

    private SessionId() {}

    /** One participant's advertised pair of X25519 public keys. Arrays are copied in and out. */
    public record Entry(int participantId, byte[] cPublicKey, byte[] sPublicKey) {

        public Entry {
            cPublicKey = Bytes.requireLength(
                            cPublicKey, X25519KeyPair.KEY_LENGTH, "c_pk of participant " + participantId)
                    .clone();
            sPublicKey = Bytes.requireLength(
                            sPublicKey, X25519KeyPair.KEY_LENGTH, "s_pk of participant " + participantId)
                    .clone();
        }

        @Override
        public byte[] cPublicKey() {
            return cPublicKey.clone();
        }

        @Override
        public byte[] sPublicKey() {
            return sPublicKey.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry other
                    && participantId == other.participantId
                    && Arrays.equals(cPublicKey, other.cPublicKey)
                    && Arrays.equals(sPublicKey, other.sPublicKey);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * participantId + Arrays.hashCode(cPublicKey)) + Arrays.hashCode(sPublicKey);
        }

        @Override
        public String toString() {
            return "SessionId.Entry[participantId=" + participantId + "]";
        }
    }

    /**
     * The session id for {@code roundId} and the advertised keys (any order).
     *
     * @throws IllegalArgumentException if {@code advertised} is empty or names a participant twice
     */
    public static byte[] compute(long roundId, Collection<Entry> advertised) {
        Objects.requireNonNull(advertised, "advertised");
        if (advertised.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one advertised participant");
        }
        List<Entry> sorted = new ArrayList<>(advertised);
        sorted.sort(Comparator.comparingInt(Entry::participantId));
        ByteBuffer message = ByteBuffer.allocate(LABEL.length + Long.BYTES + ENTRY_LENGTH * sorted.size());
        message.put(LABEL).putLong(roundId);
        for (int i = 0; i < sorted.size(); i++) {
            Entry entry = sorted.get(i);
            if (i > 0 && sorted.get(i - 1).participantId() == entry.participantId()) {
                throw new IllegalArgumentException("participant " + entry.participantId() + " advertised keys twice");
            }
            message.putInt(entry.participantId()).put(entry.cPublicKey).put(entry.sPublicKey);
        }
        return sha256(message.array());
    }

    private static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 is unavailable in this JDK", e);
        }
    }
}

package org.fedvae.protocol.secagg.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.fedvae.protocol.crypto.CryptoException;
import org.fedvae.protocol.crypto.MaskPrg;

/**
 * The order in which the members of U1 sit on the Harary ring. It is drawn from the session id, which hashes every
 * advertised key of U1: nobody knows it before every member has advertised, and every participant recomputes it, so
 * the coordinator cannot choose neighbourhoods (it can only grind, see docs/SECURITY.md).
 *
 * <p>seed = SHA-256(ASCII("fedvae/secagg/v1/graph-seed") || session_id); the words of {@code PRG(seed)} (the mask
 * PRG: AES-256-CTR, zero IV, little-endian uint32) drive a Fisher-Yates shuffle of U1 in ascending id order: for i
 * from m - 1 down to 1, take the next word w, skip it while w >= 2^32 - (2^32 mod (i + 1)) (no modulo bias), and swap
 * positions i and w mod (i + 1).
 */
public final class GraphPermutation {

    private static final byte[] LABEL = "fedvae/secagg/v1/graph-seed".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO_IV = new byte[MaskPrg.IV_LENGTH];

    private GraphPermutation() {}

    public static byte[] seed(byte[] sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(LABEL);
            return sha.digest(sessionId);
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 is unavailable in this JDK", e);
        }
    }

    /** The members in ring order: {@code ascendingIds} shuffled by the words of PRG(seed). */
    public static int[] shuffle(byte[] seed32, int[] ascendingIds) {
        int[] ring = ascendingIds.clone();
        Words words = new Words(seed32, ring.length);
        for (int i = ring.length - 1; i >= 1; i--) {
            long bound = i + 1L;
            long limit = (1L << 32) - (1L << 32) % bound;
            long w;
            do {
                w = words.next();
            } while (w >= limit);
            int j = (int) (w % bound);
            int tmp = ring[i];
            ring[i] = ring[j];
            ring[j] = tmp;
        }
        return ring;
    }

    /** The PRG's words in order, as unsigned values; regenerates a longer prefix in the rare case it runs out. */
    private static final class Words {
        private final byte[] key;
        private int[] buffer;
        private int next;

        Words(byte[] key, int expected) {
            this.key = key.clone();
            this.buffer = MaskPrg.words(this.key, ZERO_IV, expected + 64);
        }

        long next() {
            if (next == buffer.length) {
                buffer = MaskPrg.words(key, ZERO_IV, buffer.length * 2);
            }
            return Integer.toUnsignedLong(buffer[next++]);
        }
    }
}

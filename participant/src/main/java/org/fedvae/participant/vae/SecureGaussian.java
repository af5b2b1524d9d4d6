package org.fedvae.participant.vae;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard normal values from a cryptographically strong stream, for DP-SGD's noise: the
 * guarantee assumes nobody can predict the noise, which a fast statistical generator (xorshift,
 * SplittableRandom) seeded from SecureRandom does not give (its state follows from a few outputs).
 *
 * <p>The stream is AES-256 in counter mode under a key from {@link SecureRandom}: the keystream
 * of a block cipher is indistinguishable from random without the key (the construction of
 * NIST SP 800-90A's CTR_DRBG, without its reseeding), and the JDK runs it with AES-NI, at about
 * a gigabyte per second. It is produced in 16 KiB chunks, decoded into 64-bit words at once;
 * {@link Ziggurat} turns one word into a normal value most of the time (an exact method, several
 * times cheaper than the polar method's logarithm and square root per pair).
 */
public final class SecureGaussian {

    private static final int CHUNK = 16 * 1024;

    private final Cipher cipher;
    private final byte[] zeros = new byte[CHUNK];
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private final long[] words = new long[CHUNK / Long.BYTES];
    private int position = words.length;

    private SecureGaussian(byte[] key, byte[] counter) {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is not available in this JDK", e);
        }
    }

    /** A fresh stream: key and initial counter from {@code random}. */
    public static SecureGaussian fresh(SecureRandom random) {
        byte[] key = new byte[32];
        byte[] counter = new byte[16];
        random.nextBytes(key);
        random.nextBytes(counter);
        return new SecureGaussian(key, counter);
    }

    /**
     * SIMULATIONS AND TESTS ONLY: a stream that follows from {@code seed}, so anyone who knows it
     * can predict, and subtract, the noise. Never for a deployment.
     */
    public static SecureGaussian insecureFromSeed(long seed) {
        byte[] key = new byte[32];
        ByteBuffer.wrap(key).putLong(seed).putLong(~seed);
        return new SecureGaussian(key, new byte[16]);
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    public double nextUniform() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** One standard normal value. */
    public double nextGaussian() {
        return Ziggurat.sample(this);
    }

    /**
     * Fills {@code out[0, n)} with independent N(0, std^2) values: the same values as n calls
     * of {@link #nextGaussian}, but the fast path runs over the decoded chunk with its position
     * in a local (a fifth faster than a call per value, measured, whose field update and
     * possible refill the JIT cannot hoist out of the loop).
     */
    public void fill(float[] out, int n, double std) {
        int i = 0;
        while (i < n) {
            if (position == words.length) {
                refill();
            }
            long[] w = words;
            int p = position;
            int end = Math.min(w.length, p + (n - i));
            while (p < end) {
                double x = Ziggurat.fast(w[p]);
                if (Double.isNaN(x)) {
                    break;
                }
                out[i++] = (float) (std * x);
                p++;
            }
            position = p;
            if (p < end) { // w[p] is off the fast path; the wedge or the tail may read more words
                double x = Ziggurat.offFastPath(nextLong(), this);
                if (!Double.isNaN(x)) {
                    out[i++] = (float) (std * x);
                }
            }
        }
    }

    /** The next 64 bits of the keystream. */
    long nextLong() {
        if (position == words.length) {
            refill();
        }
        return words[position++];
    }

    private void refill() {
        try {
            cipher.update(zeros, 0, CHUNK, chunk.array(), 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
        chunk.asLongBuffer().get(words, 0, words.length);
        position = 0;
    }
}

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
 * a gigabyte per second. It is produced in 16 KiB chunks; Marsaglia's polar method turns pairs
 * of 32-bit uniforms into pairs of normals (no table, no trigonometry).
 */
public final class SecureGaussian {

    private static final int CHUNK = 16 * 1024;

    private final Cipher cipher;
    private final byte[] zeros = new byte[CHUNK];
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private int position = CHUNK;
    private double spare;
    private boolean hasSpare;

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
        long bits = ((long) nextInt() << 32) | (nextInt() & 0xFFFFFFFFL);
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** One standard normal value. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = nextInt() * 0x1.0p-31; // in [-1, 1)
            v = nextInt() * 0x1.0p-31;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double m = Math.sqrt(-2.0 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }

    /** Fills {@code out[0, n)} with independent N(0, std^2) values. */
    public void fill(float[] out, int n, double std) {
        for (int i = 0; i < n; i++) {
            out[i] = (float) (std * nextGaussian());
        }
    }

    private int nextInt() {
        if (position == CHUNK) {
            refill();
        }
        int value = chunk.getInt(position);
        position += 4;
        return value;
    }

    private void refill() {
        try {
            cipher.update(zeros, 0, CHUNK, chunk.array(), 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
        position = 0;
    }
}

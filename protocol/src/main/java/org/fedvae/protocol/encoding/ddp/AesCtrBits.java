package org.fedvae.protocol.encoding.ddp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256-CTR keystream as random bits, read as little-endian 64-bit words. Under a secret key
 * from SecureRandom ({@link #fresh}) it is indistinguishable from random (NIST SP 800-90A's
 * CTR_DRBG without reseeding), and fast (AES-NI). Under a key everyone can compute ({@link
 * #derived}) it is a public, reproducible stream: the rotation's signs and the test vectors.
 */
public final class AesCtrBits implements RandomBits {

    private static final int CHUNK = 8 * 1024;

    private final Cipher cipher;
    private final byte[] zeros = new byte[CHUNK];
    private final long[] words = new long[CHUNK / Long.BYTES];
    private int position = words.length;

    private AesCtrBits(byte[] key) {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is not available in this JDK", e);
        }
    }

    /** A secret stream: a 32-byte key from {@code random}, zero initial counter. */
    public static AesCtrBits fresh(SecureRandom random) {
        byte[] key = new byte[32];
        Objects.requireNonNull(random, "random").nextBytes(key);
        return new AesCtrBits(key);
    }

    /**
     * A public stream: key = SHA-256(ASCII(label) || 0x00 || seed), zero initial counter. Anyone
     * holding the seed can reproduce it; use it only where the values may be public.
     */
    public static AesCtrBits derived(String label, byte[] seed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(label.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(seed);
            return new AesCtrBits(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    @Override
    public long nextLong() {
        if (position == words.length) {
            refill();
        }
        return words[position++];
    }

    private void refill() {
        byte[] block = cipher.update(zeros);
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
        position = 0;
    }
}

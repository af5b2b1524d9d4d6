package org.fedvae.protocol.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mask stream: AES-256-CTR keystream read as little-endian uint32 words, in order. Word i is
 * keystream bytes 4i..4i+3. The 16-byte IV is the initial counter block, incremented as one
 * 128-bit big-endian integer (the JDK's "AES/CTR/NoPadding", as in NIST SP 800-38A).
 *
 * <p>The keystream is made by encrypting zero bytes 16 KiB at a time. That size matters: the JDK's
 * AES-CTR intrinsics run at gigabytes per second on such chunks, while a single call over
 * megabytes (or Bouncy Castle's pure-Java AES) is 30 to 150 times slower. Words are added with
 * Java {@code int} wrap-around, i.e. modulo 2^32, which is exactly the masking group.
 */
public final class MaskPrg {

    public static final int KEY_LENGTH = 32;
    public static final int IV_LENGTH = 16;

    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int CHUNK_WORDS = CHUNK_BYTES / Integer.BYTES;
    /** Read-only input to the cipher, shared by all calls and threads; nothing ever writes it. */
    private static final byte[] ZEROS = new byte[CHUNK_BYTES];

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private MaskPrg() {}

    /**
     * Adds the first {@code target.length} words of the stream to {@code target}, or subtracts them
     * when {@code subtract} is set, modulo 2^32, in place.
     */
    public static void add(byte[] key32, byte[] iv16, int[] target, boolean subtract) {
        Objects.requireNonNull(target, "target");
        Cipher cipher = init(key32, iv16);
        byte[] out = new byte[CHUNK_BYTES];
        for (int start = 0; start < target.length; start += CHUNK_WORDS) {
            int words = Math.min(CHUNK_WORDS, target.length - start);
            keystream(cipher, words * Integer.BYTES, out);
            if (subtract) {
                for (int i = 0; i < words; i++) {
                    target[start + i] -= (int) LE_INT.get(out, i * Integer.BYTES);
                }
            } else {
                for (int i = 0; i < words; i++) {
                    target[start + i] += (int) LE_INT.get(out, i * Integer.BYTES);
                }
            }
        }
    }

    /** The first {@code n} words of the stream; for tests and diagnostics. */
    public static int[] words(byte[] key32, byte[] iv16, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("word count must be non-negative, got " + n);
        }
        int[] result = new int[n];
        add(key32, iv16, result, false);
        return result;
    }

    private static Cipher init(byte[] key32, byte[] iv16) {
        Bytes.requireLength(key32, KEY_LENGTH, "mask PRG key");
        Bytes.requireLength(iv16, IV_LENGTH, "mask PRG IV");
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key32, "AES"), new IvParameterSpec(iv16));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-CTR is unavailable in this JDK", e);
        }
    }

    private static void keystream(Cipher cipher, int bytes, byte[] out) {
        try {
            // CTR is a stream mode: update returns exactly as many bytes as it was given, and a
            // partial final block simply continues in the next call (there is none here).
            int produced = cipher.update(ZEROS, 0, bytes, out, 0);
            if (produced != bytes) {
                throw new CryptoException("AES-CTR produced " + produced + " keystream bytes, expected " + bytes);
            }
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-CTR keystream generation failed", e);
        }
    }
}

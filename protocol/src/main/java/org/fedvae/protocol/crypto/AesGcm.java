package org.fedvae.protocol.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 12-byte nonce and a 16-byte tag, from the JDK provider (hardware AES and
 * GHASH). A (key, nonce) pair must never encrypt two different messages; see
 * {@link KeyDerivation#shareNonce(int, int)} for how the protocol guarantees that.
 */
public final class AesGcm {

    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private AesGcm() {}

    /** Returns ciphertext || tag, {@code plaintext.length + 16} bytes. A null aad means none. */
    public static byte[] encrypt(byte[] key32, byte[] nonce12, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        Cipher cipher = init(Cipher.ENCRYPT_MODE, key32, nonce12, aad);
        try {
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM encryption failed", e);
        }
    }

    /**
     * The plaintext of {@code ciphertextAndTag}.
     *
     * @throws CryptoException "authentication failed" when the key, nonce, aad, ciphertext or tag
     *     differ in any bit from what was encrypted, or the input is shorter than a tag
     */
    public static byte[] decrypt(byte[] key32, byte[] nonce12, byte[] ciphertextAndTag, byte[] aad) {
        Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
        if (ciphertextAndTag.length < TAG_LENGTH) {
            throw new CryptoException("authentication failed: AES-GCM input of " + ciphertextAndTag.length
                    + " bytes is shorter than the " + TAG_LENGTH + "-byte tag");
        }
        Cipher cipher = init(Cipher.DECRYPT_MODE, key32, nonce12, aad);
        try {
            return cipher.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw new CryptoException(
                    "authentication failed: AES-GCM tag mismatch (wrong key, nonce or "
                            + "associated data, or tampered ciphertext)",
                    e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM decryption failed", e);
        }
    }

    private static Cipher init(int mode, byte[] key32, byte[] nonce12, byte[] aad) {
        Bytes.requireLength(key32, KEY_LENGTH, "AES-GCM key");
        Bytes.requireLength(nonce12, NONCE_LENGTH, "AES-GCM nonce");
        try {
            // A fresh Cipher per call: instances are not thread-safe and the JDK refuses to
            // re-encrypt under the same key and nonce on one instance anyway.
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key32, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce12));
            if (aad != null && aad.length > 0) {
                cipher.updateAAD(aad);
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM is unavailable in this JDK", e);
        }
    }
}

package org.fedvae.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The documented derivation: salt = session id, info = the literal label, 32 bytes. */
    @Test
    void derivationsFollowTheDocumentedSaltAndInfo() {
        byte[] ikm = filled(0x11);
        byte[] session = filled(0x22);
        assertArrayEquals(
                Hkdf.sha256(ikm, session, ascii("fedvae/secagg/v1/share-encryption-key"), 32),
                KeyDerivation.shareEncryptionKey(ikm, session));
        assertArrayEquals(
                Hkdf.sha256(ikm, session, ascii("fedvae/secagg/v1/pairwise-mask-key"), 32),
                KeyDerivation.pairwiseMaskKey(ikm, session));
        assertArrayEquals(
                Hkdf.sha256(ikm, session, ascii("fedvae/secagg/v1/self-mask-key"), 32),
                KeyDerivation.selfMaskKey(ikm, session));
    }

    @Test
    void usesAndSessionsAreSeparated() {
        byte[] ikm = filled(0x11);
        byte[] session = filled(0x22);
        byte[] share = KeyDerivation.shareEncryptionKey(ikm, session);
        byte[] pairwise = KeyDerivation.pairwiseMaskKey(ikm, session);
        byte[] self = KeyDerivation.selfMaskKey(ikm, session);
        assertFalse(Arrays.equals(share, pairwise));
        assertFalse(Arrays.equals(pairwise, self));
        assertFalse(Arrays.equals(share, self));
        assertFalse(Arrays.equals(pairwise, KeyDerivation.pairwiseMaskKey(ikm, filled(0x23))));
    }

    /** Three participants with pairwise masks (lower id adds, higher subtracts): they cancel in the sum. */
    @Test
    void pairwiseMasksFromBothSidesCancel() {
        SecureRandom random = TestRandom.seeded(30);
        X25519KeyPair[] s = {
            X25519KeyPair.generate(random), X25519KeyPair.generate(random), X25519KeyPair.generate(random)
        };
        byte[] session = filled(0x42);
        int n = 5000;
        int[] sum = new int[n];
        for (int u = 0; u < 3; u++) {
            int[] masked = new int[n];
            for (int v = 0; v < 3; v++) {
                if (u != v) {
                    byte[] key =
                            KeyDerivation.pairwiseMaskKey(X25519.agree(s[u].privateKey(), s[v].publicKey()), session);
                    MaskPrg.add(key, KeyDerivation.maskIv(), masked, u > v);
                }
            }
            assertFalse(Arrays.equals(new int[n], masked), "participant " + u + " is masked");
            for (int i = 0; i < n; i++) {
                sum[i] += masked[i];
            }
        }
        assertArrayEquals(new int[n], sum);
    }

    @Test
    void shareNonceLayoutAndDirection() {
        assertEquals("0000000700000102" + "00000000", HexFormat.of().formatHex(KeyDerivation.shareNonce(7, 258)));
        assertFalse(Arrays.equals(KeyDerivation.shareNonce(7, 258), KeyDerivation.shareNonce(258, 7)));
        IllegalArgumentException self =
                assertThrows(IllegalArgumentException.class, () -> KeyDerivation.shareNonce(3, 3));
        assertTrue(self.getMessage().contains("id 3"), self.getMessage());
    }

    @Test
    void maskIvIsSixteenZeroBytesAndAFreshArray() {
        byte[] iv = KeyDerivation.maskIv();
        assertArrayEquals(new byte[16], iv);
        iv[0] = 1;
        assertArrayEquals(new byte[16], KeyDerivation.maskIv());
        assertNotSame(KeyDerivation.maskIv(), KeyDerivation.maskIv());
    }

    @Test
    void inputLengthsAreChecked() {
        CryptoException secret =
                assertThrows(CryptoException.class, () -> KeyDerivation.pairwiseMaskKey(new byte[31], filled(0)));
        assertTrue(secret.getMessage().contains("X25519 shared secret must be 32 bytes, got 31"), secret.getMessage());
        CryptoException session =
                assertThrows(CryptoException.class, () -> KeyDerivation.selfMaskKey(filled(0), new byte[16]));
        assertTrue(session.getMessage().contains("session id must be 32 bytes, got 16"), session.getMessage());
    }
}

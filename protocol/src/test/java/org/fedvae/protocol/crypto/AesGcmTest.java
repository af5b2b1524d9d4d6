package org.fedvae.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    private static final HexFormat HEX = HexFormat.of();

    // McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", Test Case 16: 256-bit key,
    // 96-bit IV, 60-byte plaintext, 20-byte AAD.
    private static final byte[] K = HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    private static final byte[] P = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    private static final byte[] A = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    private static final byte[] IV = HEX.parseHex("cafebabefacedbaddecaf888");
    private static final byte[] C = HEX.parseHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
    private static final byte[] T = HEX.parseHex("76fc6ece0f4e1768cddf8853bb2d551b");

    @Test
    void gcmSpecTestCase16() {
        byte[] expected = new byte[C.length + T.length];
        System.arraycopy(C, 0, expected, 0, C.length);
        System.arraycopy(T, 0, expected, C.length, T.length);
        assertArrayEquals(expected, AesGcm.encrypt(K, IV, P, A));
        assertArrayEquals(P, AesGcm.decrypt(K, IV, expected, A));
    }

    @Test
    void anyTamperFailsAuthentication() {
        byte[] sealed = AesGcm.encrypt(K, IV, P, A);
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            assertAuthenticationFails(() -> AesGcm.decrypt(K, IV, bad, A));
        }
        assertAuthenticationFails(() -> AesGcm.decrypt(flip(K), IV, sealed, A));
        assertAuthenticationFails(() -> AesGcm.decrypt(K, flip(IV), sealed, A));
        assertAuthenticationFails(() -> AesGcm.decrypt(K, IV, sealed, flip(A)));
        assertAuthenticationFails(() -> AesGcm.decrypt(K, IV, sealed, null));
        assertAuthenticationFails(() -> AesGcm.decrypt(K, IV, java.util.Arrays.copyOf(sealed, sealed.length - 1), A));
        assertAuthenticationFails(() -> AesGcm.decrypt(K, IV, new byte[15], A));
    }

    @Test
    void emptyPlaintextAndNoAadRoundTrip() {
        byte[] sealed = AesGcm.encrypt(K, IV, new byte[0], null);
        assertTrue(sealed.length == AesGcm.TAG_LENGTH);
        assertArrayEquals(new byte[0], AesGcm.decrypt(K, IV, sealed, new byte[0]));
    }

    @Test
    void keyAndNonceLengthsAreChecked() {
        CryptoException key = assertThrows(CryptoException.class, () -> AesGcm.encrypt(new byte[16], IV, P, A));
        assertTrue(key.getMessage().contains("AES-GCM key must be 32 bytes, got 16"), key.getMessage());
        CryptoException nonce = assertThrows(CryptoException.class, () -> AesGcm.encrypt(K, new byte[16], P, A));
        assertTrue(nonce.getMessage().contains("AES-GCM nonce must be 12 bytes, got 16"), nonce.getMessage());
    }

    private static void assertAuthenticationFails(org.junit.jupiter.api.function.Executable decrypt) {
        CryptoException e = assertThrows(CryptoException.class, decrypt);
        assertTrue(e.getMessage().startsWith("authentication failed"), e.getMessage());
    }

    private static byte[] flip(byte[] in) {
        byte[] out = in.clone();
        out[out.length - 1] ^= (byte) 0x80;
        return out;
    }
}

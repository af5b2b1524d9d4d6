package org.fedvae.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5869 appendix A, test cases 1 to 3 (the SHA-256 ones). */
class HkdfTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc5869TestCase1() {
        assertArrayEquals(
                HEX.parseHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                Hkdf.sha256(
                        HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                        HEX.parseHex("000102030405060708090a0b0c"),
                        HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"),
                        42));
    }

    @Test
    void rfc5869TestCase2LongInputsAndOutput() {
        byte[] ikm = range(0x00, 80);
        byte[] salt = range(0x60, 80);
        byte[] info = range(0xb0, 80);
        assertArrayEquals(
                HEX.parseHex("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87"),
                Hkdf.sha256(ikm, salt, info, 82));
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        byte[] expected =
                HEX.parseHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertArrayEquals(expected, Hkdf.sha256(ikm, new byte[0], new byte[0], 42));
        assertArrayEquals(expected, Hkdf.sha256(ikm, null, null, 42));
    }

    @Test
    void outputLengthMustBeWithinRfcLimits() {
        byte[] ikm = new byte[32];
        assertThrows(CryptoException.class, () -> Hkdf.sha256(ikm, null, null, 0));
        assertThrows(CryptoException.class, () -> Hkdf.sha256(ikm, null, null, 255 * 32 + 1));
        assertEquals(255 * 32, Hkdf.sha256(ikm, null, null, 255 * 32).length);
    }

    private static byte[] range(int first, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (first + i);
        }
        return out;
    }
}

package org.fedvae.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskPrgTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * NIST SP 800-38A F.5.5 CTR-AES256.Encrypt. The keystream (the "output blocks") is
     * plaintext XOR ciphertext; its 64 bytes are the first 16 words, little-endian.
     */
    @Test
    void nistSp80038aF55Keystream() {
        byte[] key = HEX.parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        byte[] counter = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        byte[] plaintext = HEX.parseHex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
        byte[] ciphertext = HEX.parseHex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
                + "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
        byte[] keystream = new byte[64];
        for (int i = 0; i < 64; i++) {
            keystream[i] = (byte) (plaintext[i] ^ ciphertext[i]);
        }
        // Output block #1 as printed in F.5.5 starts 0bdf7df1 59171633.
        assertEquals(0xf17ddf0b, MaskPrg.words(key, counter, 1)[0]);
        assertArrayEquals(littleEndianWords(keystream), MaskPrg.words(key, counter, 16));
        // A shorter request is a prefix: the stream does not depend on its length.
        assertArrayEquals(Arrays.copyOf(littleEndianWords(keystream), 5), MaskPrg.words(key, counter, 5));
    }

    /** Chunk boundaries (4096 words per 16 KiB) must not show: compare with one big JDK call. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4095, 4096, 4097, 8192 + 5, 3 * 4096 + 1})
    void matchesOneShotAesCtrAcrossChunkBoundaries(int n) throws Exception {
        byte[] key = new byte[32];
        byte[] iv = new byte[16];
        new Random(n).nextBytes(key);
        new Random(~n).nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] reference = cipher.doFinal(new byte[4 * n]);
        assertArrayEquals(littleEndianWords(reference), MaskPrg.words(key, iv, n));
    }

    @Test
    void addThenSubtractRestoresTheTargetAndAddWrapsModulo2To32() {
        byte[] key = KeyDerivation.selfMaskKey(new byte[32], new byte[32]);
        byte[] iv = KeyDerivation.maskIv();
        int n = 10_000;
        int[] original = new int[n];
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            original[i] = random.nextInt();
        }
        original[0] = Integer.MAX_VALUE;
        original[1] = -1;
        int[] stream = MaskPrg.words(key, iv, n);
        int[] target = original.clone();
        MaskPrg.add(key, iv, target, false);
        for (int i = 0; i < n; i++) {
            long expected = (Integer.toUnsignedLong(original[i]) + Integer.toUnsignedLong(stream[i])) & 0xffffffffL;
            assertEquals(expected, Integer.toUnsignedLong(target[i]), "word " + i);
        }
        MaskPrg.add(key, iv, target, true);
        assertArrayEquals(original, target);
    }

    @Test
    void subtractingFromZeroGivesTheNegatedStream() {
        byte[] key = new byte[32];
        key[0] = 1;
        int[] stream = MaskPrg.words(key, KeyDerivation.maskIv(), 100);
        int[] negated = new int[100];
        MaskPrg.add(key, KeyDerivation.maskIv(), negated, true);
        for (int i = 0; i < 100; i++) {
            assertEquals(-stream[i], negated[i]);
        }
    }

    @Test
    void keyAndIvLengthsAreChecked() {
        CryptoException key = assertThrows(CryptoException.class, () -> MaskPrg.words(new byte[16], new byte[16], 1));
        assertTrue(key.getMessage().contains("mask PRG key must be 32 bytes, got 16"), key.getMessage());
        CryptoException iv =
                assertThrows(CryptoException.class, () -> MaskPrg.add(new byte[32], new byte[12], new int[1], false));
        assertTrue(iv.getMessage().contains("mask PRG IV must be 16 bytes, got 12"), iv.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaskPrg.words(new byte[32], new byte[16], -1));
    }

    static int[] littleEndianWords(byte[] bytes) {
        int[] words = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(words);
        return words;
    }
}

package org.fedvae.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class X25519Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc7748Section52Vector1() {
        assertArrayEquals(
                HEX.parseHex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
                X25519.agree(
                        HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")));
    }

    @Test
    void rfc7748Section52Vector2WithHighBitSetInU() {
        assertArrayEquals(
                HEX.parseHex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
                X25519.agree(
                        HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                        HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493")));
    }

    @Test
    void rfc7748Section52IteratedOnceAndThousandTimes() {
        byte[] k = new byte[32];
        byte[] u = new byte[32];
        k[0] = 9;
        u[0] = 9;
        for (int i = 1; i <= 1000; i++) {
            byte[] r = X25519.agree(k, u);
            u = k;
            k = r;
            if (i == 1) {
                assertArrayEquals(HEX.parseHex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"), k);
            }
        }
        assertArrayEquals(HEX.parseHex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"), k);
    }

    @Test
    void rfc7748Section61DiffieHellman() {
        X25519KeyPair alice = X25519KeyPair.fromPrivateKey(
                HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        X25519KeyPair bob = X25519KeyPair.fromPrivateKey(
                HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertArrayEquals(
                HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), alice.publicKey());
        assertArrayEquals(
                HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bob.publicKey());
        byte[] k = HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(k, X25519.agree(alice.privateKey(), bob.publicKey()));
        assertArrayEquals(k, X25519.agree(bob.privateKey(), alice.publicKey()));
    }

    @Test
    void generatedPairsAgreeAndAreReproducibleFromTheSeed() {
        SecureRandom random = TestRandom.seeded(1);
        X25519KeyPair a = X25519KeyPair.generate(random);
        X25519KeyPair b = X25519KeyPair.generate(random);
        assertFalse(a.equals(b));
        assertArrayEquals(X25519.agree(a.privateKey(), b.publicKey()), X25519.agree(b.privateKey(), a.publicKey()));
        assertEquals(X25519KeyPair.fromPrivateKey(a.privateKey()), a);
        assertEquals(a, X25519KeyPair.generate(TestRandom.seeded(1)));
    }

    /**
     * Low-order u-coordinates (the list libsodium blocks): 0, 1, two points of order 8, p-1, and
     * the non-canonical encodings p and p+1 of 0 and 1. Each makes X25519 output all zeros.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            })
    void lowOrderPeerKeyIsRejected(String lowOrderPoint) {
        X25519KeyPair me = X25519KeyPair.generate(TestRandom.seeded(2));
        CryptoException e =
                assertThrows(CryptoException.class, () -> X25519.agree(me.privateKey(), HEX.parseHex(lowOrderPoint)));
        assertTrue(e.getMessage().contains("low-order"), e.getMessage());
    }

    @Test
    void wrongLengthsAreRejectedWithTheirSize() {
        byte[] key = new byte[32];
        CryptoException shortPeer = assertThrows(CryptoException.class, () -> X25519.agree(key, new byte[31]));
        assertTrue(shortPeer.getMessage().contains("peer public key must be 32 bytes, got 31"), shortPeer.getMessage());
        CryptoException longPrivate = assertThrows(CryptoException.class, () -> X25519.agree(new byte[33], key));
        assertTrue(longPrivate.getMessage().contains("private key must be 32 bytes, got 33"), longPrivate.getMessage());
    }

    @Test
    void keyPairIsImmutableAndDoesNotPrintThePrivateKey() {
        X25519KeyPair pair = X25519KeyPair.generate(TestRandom.seeded(3));
        byte[] leaked = pair.privateKey();
        leaked[0] ^= 1;
        assertFalse(java.util.Arrays.equals(leaked, pair.privateKey()));
        assertFalse(pair.toString().contains(HEX.formatHex(pair.privateKey())));
    }
}

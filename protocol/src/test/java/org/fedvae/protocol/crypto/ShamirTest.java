package org.fedvae.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.fedvae.protocol.property.Draw;
import org.fedvae.protocol.property.PropertyCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShamirTest {

    static Stream<PropertyCase> anyThresholdSubsetReconstructs() {
        return PropertyCase.cases("shamir-any-threshold-subset", 60);
    }

    /** Any t of the n shares, in any order, give back the secret; so do more than t. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void anyThresholdSubsetReconstructs(PropertyCase k) {
        Draw d = k.draw();
        int threshold = d.between(2, 12);
        int extra = d.between(0, 8);
        int secretLength = d.between(1, 64);
        long seed = d.anyLong();
        k.check(() -> assertAnySubsetReconstructs(threshold, extra, secretLength, seed));
    }

    private static void assertAnySubsetReconstructs(int threshold, int extra, int secretLength, long seed) {
        int count = threshold + extra;
        SecureRandom random = TestRandom.seeded(seed);
        byte[] secret = new byte[secretLength];
        random.nextBytes(secret);
        List<ShamirShare> shares = Shamir.split(secret, threshold, count, random);

        assertEquals(count, shares.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i + 1, shares.get(i).index());
            assertEquals(secretLength, shares.get(i).data().length);
        }
        List<ShamirShare> shuffled = new ArrayList<>(shares);
        Collections.shuffle(shuffled, new Random(seed));
        assertArrayEquals(secret, Shamir.combine(shuffled.subList(0, threshold)));
        assertArrayEquals(secret, Shamir.combine(shuffled.subList(count - threshold, count)));
        assertArrayEquals(secret, Shamir.combine(shuffled));
    }

    static Stream<PropertyCase> combineMatchesBouncyCastle() {
        return PropertyCase.cases("shamir-combine-matches-bouncy-castle", 60);
    }

    /**
     * Our interpolation gives Bouncy Castle's result byte for byte on any set of distinct indices and any share bytes
     * (valid shares at, above or below the threshold, and arbitrary bytes), up to 80 shares as a large neighbourhood.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void combineMatchesBouncyCastle(PropertyCase k) {
        Draw d = k.draw();
        int threshold = d.between(2, 80);
        int count = threshold + d.between(0, 20);
        int used = d.between(1, count);
        boolean arbitrary = d.between(0, 3) == 0;
        long seed = d.anyLong();
        k.check(() -> {
            SecureRandom random = TestRandom.seeded(seed);
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            List<ShamirShare> shares = new ArrayList<>(Shamir.split(secret, threshold, count, random));
            Collections.shuffle(shares, new Random(seed));
            List<ShamirShare> subset = new ArrayList<>(shares.subList(0, used));
            if (arbitrary) {
                subset.replaceAll(s -> {
                    byte[] data = new byte[32];
                    random.nextBytes(data);
                    return new ShamirShare(s.index(), data);
                });
            }
            assertArrayEquals(bouncyCastleCombine(subset), Shamir.combine(subset));
            if (used >= threshold && !arbitrary) {
                assertArrayEquals(secret, Shamir.combine(subset));
            }
        });
    }

    private static byte[] bouncyCastleCombine(List<ShamirShare> shares) {
        org.bouncycastle.crypto.threshold.ShamirSplitSecretShare[] bc =
                new org.bouncycastle.crypto.threshold.ShamirSplitSecretShare[shares.size()];
        for (int i = 0; i < bc.length; i++) {
            bc[i] = new org.bouncycastle.crypto.threshold.ShamirSplitSecretShare(
                    shares.get(i).data(), shares.get(i).index());
        }
        try {
            return org.bouncycastle.crypto.threshold.ShamirSplitSecret.getInstance(
                            org.bouncycastle.crypto.threshold.ShamirSecretSplitter.Algorithm.AES, bc)
                    .getSecret();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<PropertyCase> belowThresholdDoesNotReconstruct() {
        return PropertyCase.cases("shamir-below-threshold", 40);
    }

    /**
     * t-1 shares say nothing about the secret; here, concretely, interpolating them yields
     * something else (a 32-byte match would have probability 2^-256 per subset).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void belowThresholdDoesNotReconstruct(PropertyCase k) {
        Draw d = k.draw();
        int threshold = d.between(2, 10);
        long seed = d.anyLong();
        k.check(() -> assertBelowThresholdFails(threshold, seed));
    }

    private static void assertBelowThresholdFails(int threshold, long seed) {
        SecureRandom random = TestRandom.seeded(seed);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        List<ShamirShare> shares = new ArrayList<>(Shamir.split(secret, threshold, threshold + 3, random));
        Collections.shuffle(shares, new Random(seed));
        assertFalse(Arrays.equals(secret, Shamir.combine(shares.subList(0, threshold - 1))));
    }

    @Test
    void twoHundredFiftyFiveSharesIsTheMaximum() {
        SecureRandom random = TestRandom.seeded(20);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        List<ShamirShare> shares = Shamir.split(secret, 128, 255, random);
        assertEquals(255, shares.get(254).index());
        assertArrayEquals(secret, Shamir.combine(shares.subList(127, 255)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Shamir.split(secret, 2, 256, random));
        assertTrue(e.getMessage().contains("at most 255 shares"), e.getMessage());
    }

    @Test
    void thresholdAndCountAreValidated() {
        SecureRandom random = TestRandom.seeded(21);
        byte[] secret = new byte[32];
        IllegalArgumentException one =
                assertThrows(IllegalArgumentException.class, () -> Shamir.split(secret, 1, 5, random));
        assertTrue(one.getMessage().contains("threshold must be at least 2, got 1"), one.getMessage());
        IllegalArgumentException below =
                assertThrows(IllegalArgumentException.class, () -> Shamir.split(secret, 4, 3, random));
        assertTrue(below.getMessage().contains("share count 3 is below the threshold 4"), below.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shamir.split(new byte[0], 2, 3, random));
    }

    @Test
    void duplicateIndicesAreRejected() {
        SecureRandom random = TestRandom.seeded(22);
        List<ShamirShare> shares = Shamir.split(new byte[32], 3, 5, random);
        List<ShamirShare> withDuplicate = List.of(shares.get(0), shares.get(1), shares.get(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shamir.combine(withDuplicate));
        assertTrue(e.getMessage().contains("duplicate Shamir share index 2"), e.getMessage());
        // Same index with different data is just as much a duplicate.
        List<ShamirShare> forged = List.of(shares.get(0), shares.get(2), new ShamirShare(3, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> Shamir.combine(forged));
    }

    @Test
    void malformedSharesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Shamir.combine(List.of()));
        assertThrows(CryptoException.class, () -> new ShamirShare(0, new byte[1]));
        assertThrows(CryptoException.class, () -> new ShamirShare(256, new byte[1]));
        assertThrows(CryptoException.class, () -> new ShamirShare(1, new byte[0]));
        IllegalArgumentException lengths = assertThrows(
                IllegalArgumentException.class,
                () -> Shamir.combine(List.of(new ShamirShare(1, new byte[32]), new ShamirShare(2, new byte[31]))));
        assertTrue(lengths.getMessage().contains("differ in length"), lengths.getMessage());
    }

    @Test
    void shareToStringHidesTheData() {
        ShamirShare share = new ShamirShare(7, new byte[] {0x5a, 0x5a});
        assertEquals("ShamirShare[index=7, 2 bytes]", share.toString());
    }

    /**
     * Pins the share format against an independent evaluation: share i is the polynomial
     * s + a1 x + ... + a(t-1) x^(t-1) over GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1, at
     * x = i, where the coefficients are drawn from the random source in order a1, a2, ... (each
     * as many bytes as the secret). A wire spec can be written from this.
     */
    @Test
    void sharesArePolynomialEvaluationsOverAesGf256() {
        // FIPS-197 section 4.2's worked example validates the test's own field multiplication.
        assertEquals(0xc1, gfMul(0x57, 0x83));
        assertEquals(0xfe, gfMul(0x57, 0x13));

        byte[] secret = "self-mask seed b, 32 bytes long.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int threshold = 4;
        List<ShamirShare> shares = Shamir.split(secret, threshold, 9, TestRandom.seeded(99));
        SecureRandom replay = TestRandom.seeded(99);
        byte[][] coefficients = new byte[threshold][];
        coefficients[0] = secret;
        for (int j = 1; j < threshold; j++) {
            coefficients[j] = new byte[secret.length];
            replay.nextBytes(coefficients[j]);
        }
        for (ShamirShare share : shares) {
            int x = share.index();
            byte[] expected = new byte[secret.length];
            for (int b = 0; b < secret.length; b++) {
                int acc = 0;
                int power = 1;
                for (int j = 0; j < threshold; j++) {
                    acc ^= gfMul(coefficients[j][b] & 0xff, power);
                    power = gfMul(power, x);
                }
                expected[b] = (byte) acc;
            }
            assertArrayEquals(expected, share.data(), "share " + x);
        }
    }

    private static int gfMul(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) {
                product ^= a;
            }
            b >>= 1;
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11b;
            }
        }
        return product;
    }
}

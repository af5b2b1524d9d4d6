package org.fedvae.protocol.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.proto.SecAggAbortReason;
import org.fedvae.protocol.proto.SecAggRoundConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundConfigTest {

    private static Map<Integer, byte[]> cohort(int n) {
        Map<Integer, byte[]> keys = new TreeMap<>();
        for (int i = 1; i <= n; i++) {
            keys.put(10 * i, new byte[32]);
        }
        return keys;
    }

    private static SecAggViolation refused(int n, int t, EncodingConfig enc) {
        SecAggViolation v = assertThrows(SecAggViolation.class, () -> RoundConfig.of(1, t, 10, enc, cohort(n)));
        assertEquals(SecAggAbortReason.INVALID_CONFIG, v.reason());
        return v;
    }

    @ParameterizedTest
    @CsvSource({"3,3", "10,7", "50,34", "100,67", "255,171"})
    void defaultThresholdIsAboveTwoThirds(int n, int t) throws SecAggViolation {
        assertEquals(t, RoundConfig.defaultThreshold(n));
        assertTrue(3 * t > 2 * n);
        RoundConfig.of(1, t, 10, Cohort.ENCODING, cohort(n));
    }

    @Test
    void thresholdAtOrBelowHalfIsRefused() {
        // Two disjoint halves could each sign a different survivor set.
        refused(10, 5, Cohort.ENCODING);
        refused(9, 4, Cohort.ENCODING);
    }

    @Test
    void thresholdAboveCohortOrBelowTwoIsRefused() {
        refused(5, 6, Cohort.ENCODING);
        refused(2, 1, Cohort.ENCODING);
    }

    @Test
    void cohortBeyondShamirIndicesIsRefused() {
        refused(256, 200, new EncodingConfig(1.0f, 10, 10, 256));
    }

    @Test
    void encodingThatMayWrapForThisCohortIsRefused() {
        SecAggViolation v = refused(20, 14, new EncodingConfig(1.0f, 14, 100, 10));
        assertTrue(v.detail().contains("10 participants"), v.detail());
    }

    /**
     * The clip count travels in two 16-bit-limbed words (PROTOCOL.md section 7), so max_participants *
     * vector_length may exceed 2^32: 10,000 participants with the 652,824-parameter VAE, and even the
     * longest vector, are accepted.
     */
    @Test
    void clipCountBeyondOneWordIsAccepted() throws SecAggViolation {
        EncodingConfig enc = new EncodingConfig(0.5f, 8, 100, 10_000);
        RoundConfig c = RoundConfig.of(1, 3, 652_824, enc, cohort(3));
        assertEquals(652_824 + 6, c.wordCount());
        RoundConfig.of(1, 3, Integer.MAX_VALUE - 16, enc, cohort(3));
    }

    /** 65,538 participants could make a low limb's cohort sum (loss sum or clip count) wrap: refused. */
    @Test
    void maxParticipantsWhoseLowLimbsCouldWrapIsRefused() throws SecAggViolation {
        SecAggRoundConfig ok = RoundConfig.of(1, 3, 652_824, new EncodingConfig(1f, 0, 1, 65_537), cohort(3))
                .toProto();
        SecAggRoundConfig wraps = ok.toBuilder()
                .setEncoding(ok.getEncoding().toBuilder().setMaxParticipants(65_538))
                .build();
        SecAggViolation v = assertThrows(SecAggViolation.class, () -> RoundConfig.fromProto(wraps));
        assertEquals(SecAggAbortReason.INVALID_CONFIG, v.reason());
        assertTrue(v.detail().contains("low limb (loss sum, clip count)"), v.detail());
    }

    @Test
    void badCohortEntriesAreRefused() {
        SecAggRoundConfig good = assertDoesNotThrowConfig().toProto();
        SecAggRoundConfig zeroId = good.toBuilder()
                .setCohort(0, good.getCohort(0).toBuilder().setId(0))
                .build();
        SecAggRoundConfig dupId = good.toBuilder()
                .setCohort(
                        1, good.getCohort(1).toBuilder().setId(good.getCohort(0).getId()))
                .build();
        SecAggRoundConfig shortKey = good.toBuilder()
                .setCohort(
                        2,
                        good.getCohort(2).toBuilder()
                                .setIdentityPublicKey(com.google.protobuf.ByteString.copyFrom(new byte[31])))
                .build();
        SecAggRoundConfig noLength = good.toBuilder().setVectorLength(0).build();
        for (SecAggRoundConfig bad : new SecAggRoundConfig[] {zeroId, dupId, shortKey, noLength}) {
            SecAggViolation v = assertThrows(SecAggViolation.class, () -> RoundConfig.fromProto(bad));
            assertEquals(SecAggAbortReason.INVALID_CONFIG, v.reason());
        }
    }

    @Test
    void protoRoundTripKeepsEverything() throws SecAggViolation {
        RoundConfig c = assertDoesNotThrowConfig();
        RoundConfig back = RoundConfig.fromProto(c.toProto());
        assertEquals(c.toProto(), back.toProto());
        assertEquals(Cohort.ENCODING, back.encoding());
        assertEquals(1, back.shareIndex(10));
        assertEquals(5, back.shareIndex(50));
        assertEquals(
                10 + 6,
                back.wordCount(),
                "10 parameters, then weight, two loss-sum limbs, count, two clip-count limbs");
    }

    @Test
    void digestCoversEveryField() throws SecAggViolation {
        RoundConfig base = assertDoesNotThrowConfig();
        Map<Integer, byte[]> otherKey = cohort(5);
        otherKey.put(30, new byte[32]);
        otherKey.get(30)[0] = 1;
        Map<Integer, byte[]> otherIds = cohort(5);
        otherIds.put(60, otherIds.remove(50));
        RoundConfig[] variants = {
            RoundConfig.of(10, 4, 10, Cohort.ENCODING, cohort(5)),
            RoundConfig.of(9, 5, 10, Cohort.ENCODING, cohort(5)),
            RoundConfig.of(9, 4, 11, Cohort.ENCODING, cohort(5)),
            RoundConfig.of(9, 4, 10, new EncodingConfig(0.5f, 14, 100, 255), cohort(5)),
            RoundConfig.of(9, 4, 10, new EncodingConfig(1.0f, 13, 100, 255), cohort(5)),
            RoundConfig.of(9, 4, 10, new EncodingConfig(1.0f, 14, 99, 255), cohort(5)),
            RoundConfig.of(9, 4, 10, new EncodingConfig(1.0f, 14, 100, 254), cohort(5)),
            RoundConfig.of(9, 4, 10, Cohort.ENCODING, otherKey),
            RoundConfig.of(9, 4, 10, Cohort.ENCODING, otherIds),
            RoundConfig.of(9, 5, 10, Cohort.ENCODING, cohort(6)),
        };
        java.util.Set<String> digests = new java.util.HashSet<>();
        digests.add(java.util.HexFormat.of().formatHex(base.digest()));
        for (RoundConfig v : variants) {
            digests.add(java.util.HexFormat.of().formatHex(v.digest()));
        }
        assertEquals(variants.length + 1, digests.size());
        assertEquals(
                java.util.HexFormat.of().formatHex(base.digest()),
                java.util.HexFormat.of()
                        .formatHex(RoundConfig.fromProto(base.toProto()).digest()));
    }

    private static RoundConfig assertDoesNotThrowConfig() {
        try {
            return RoundConfig.of(9, 4, 10, Cohort.ENCODING, cohort(5));
        } catch (SecAggViolation e) {
            throw new AssertionError(e);
        }
    }
}

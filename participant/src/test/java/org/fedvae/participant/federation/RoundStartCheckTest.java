package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.crypto.Ed25519KeyPair;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.RoundTimeouts;
import org.fedvae.protocol.proto.TrainingPlan;
import org.fedvae.protocol.secagg.RoundConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a participant refuses to train on, and what it accepts. */
class RoundStartCheckTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519KeyPair ME = Ed25519KeyPair.generate(RANDOM);
    private static final Ed25519KeyPair OTHER = Ed25519KeyPair.generate(RANDOM);
    private static final Ed25519KeyPair THIRD = Ed25519KeyPair.generate(RANDOM);
    private static final ModelParameters MODEL = ModelParameters.zeros(VaeLayout.spec(VaeConfig.defaults(0)));

    /** A valid round 5 for a cohort of three: "me" (id 2), "other" (1), "third" (3). */
    static RoundStart valid() {
        Map<Integer, byte[]> keys =
                new TreeMap<>(Map.of(1, OTHER.publicKey(), 2, ME.publicKey(), 3, THIRD.publicKey()));
        RoundConfig config;
        try {
            config = RoundConfig.of(5, 3, MODEL.size(), new EncodingConfig(1f, 12, 1000, 3), keys);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return RoundStart.newBuilder()
                .setSecagg(config.toProto())
                .addCohort(CohortEntry.newBuilder().setParticipantId("other").setSecaggId(1))
                .addCohort(CohortEntry.newBuilder().setParticipantId("me").setSecaggId(2))
                .addCohort(CohortEntry.newBuilder().setParticipantId("third").setSecaggId(3))
                .setGlobalModel(MODEL.toProto())
                .setTraining(TrainingPlan.newBuilder()
                        .setLocalEpochs(2)
                        .setLearningRate(1e-3)
                        .setBatchSize(64)
                        .setKlBeta(1)
                        .setSeed(9))
                .setTimeouts(
                        RoundTimeouts.newBuilder().setKeyStageMillis(10_000).setTrainingMillis(60_000))
                .setSecureAggregation(true)
                .build();
    }

    /** No consent to any unmasked round: a site's default. */
    private static final Set<Long> NONE = Set.of();

    private static RoundStartCheck check(Set<Long> plainRounds) {
        return check(plainRounds, 3);
    }

    private static RoundStartCheck check(Set<Long> plainRounds, int minCohort) {
        return check(plainRounds, minCohort, SITE_IMAGES);
    }

    /** This site's training images: 12 of 28x28, labelled 0 to 9 then 0, 1. */
    private static final ImageSet SITE_IMAGES =
            ImageSet.of(new float[12 * 784], new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, 28, 28);

    private static RoundStartCheck check(Set<Long> plainRounds, int minCohort, ImageSet train) {
        return new RoundStartCheck(
                "me",
                ME.publicKey(),
                plainRounds,
                Duration.ofMinutes(30),
                minCohort,
                roundId -> 1000 + roundId,
                train,
                SITE_IMAGES);
    }

    /** The valid round start with a conditional model over {@code classes} labels. */
    private static RoundStart conditionalRound(int classes) throws Exception {
        ModelParameters cvae =
                ModelParameters.zeros(VaeLayout.spec(VaeConfig.defaults(0).withLabelCount(classes)));
        RoundStart v = valid();
        Map<Integer, byte[]> keys =
                new TreeMap<>(Map.of(1, OTHER.publicKey(), 2, ME.publicKey(), 3, THIRD.publicKey()));
        RoundConfig resized = RoundConfig.of(5, 3, cvae.size(), new EncodingConfig(1f, 12, 1000, 3), keys);
        return v.toBuilder()
                .setSecagg(resized.toProto())
                .setGlobalModel(cvae.toProto())
                .build();
    }

    @Test
    void acceptsAConditionalModelOverTheSitesClasses() throws Exception {
        AcceptedRound r = check(NONE).check(5, conditionalRound(10), 4);
        assertEquals(10, r.vae().labelCount());
    }

    @Test
    void aConditionalModelMissingOneOfTheSitesClassesIsRefused() {
        RoundRefused e = assertThrows(RoundRefused.class, () -> check(NONE).check(5, conditionalRound(9), 4));
        assertTrue(
                e.getMessage().contains("cannot train the federation's cvae (9 classes)")
                        && e.getMessage().contains("image 9 has label 9"),
                e.getMessage());
    }

    @Test
    void aSiteWithoutLabelsRefusesAConditionalModel() {
        ImageSet unlabelled = ImageSet.of(new float[2 * 784], new int[] {ImageSet.NO_LABEL, 0}, 28, 28);
        RoundRefused e = assertThrows(
                RoundRefused.class, () -> check(NONE, 3, unlabelled).check(5, conditionalRound(10), 4));
        assertTrue(e.getMessage().contains("image 0 has no label"), e.getMessage());
    }

    /** The valid round start, as round {@code id} and without secure aggregation. */
    private static RoundStart plainRound(long id) {
        RoundStart v = valid();
        return v.toBuilder()
                .setSecagg(v.getSecagg().toBuilder().setRoundId(id))
                .setSecureAggregation(false)
                .build();
    }

    /** A round 5 of {@code n} members ("me" is id 1) with the sparse graph of this degree and threshold. */
    private static RoundStart sparse(int n, int degree, int threshold) {
        Map<Integer, byte[]> keys = new TreeMap<>();
        RoundStart.Builder b = valid().toBuilder().clearCohort();
        for (int id = 1; id <= n; id++) {
            keys.put(
                    id,
                    id == 1 ? ME.publicKey() : Ed25519KeyPair.generate(RANDOM).publicKey());
            b.addCohort(CohortEntry.newBuilder()
                    .setParticipantId(id == 1 ? "me" : "site-" + id)
                    .setSecaggId(id));
        }
        try {
            // Built without a policy check: the participant's check is what is under test.
            RoundConfig config = RoundConfig.sparse(
                    5,
                    degree,
                    threshold,
                    MODEL.size(),
                    new EncodingConfig(1f, 5, 1000, n),
                    keys,
                    org.fedvae.protocol.secagg.graph.GraphPolicy.STRUCTURE_ONLY);
            return b.setSecagg(config.toProto()).build();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCohortOfAThousandWithTheDefaultRulesSparseGraphIsAccepted() throws Exception {
        org.fedvae.protocol.secagg.graph.GraphParameters p = org.fedvae.protocol.secagg.graph.GraphRule.DEFAULT
                .forCohort(1_000)
                .orElseThrow();
        AcceptedRound r = check(NONE).check(5, sparse(1_000, p.degree(), p.threshold()), 4);
        assertEquals(1_000, r.config().cohortSize());
        assertEquals(p.degree(), r.config().graphDegree());
    }

    @Test
    void aSparseGraphWeakerThanThisSitesRuleIsDeclined() {
        // Degree 8 with threshold 5 is a valid structure, but far from secure for 1,000 members.
        RoundRefused e = assertThrows(RoundRefused.class, () -> check(NONE).check(5, sparse(1_000, 8, 5), 4));
        assertTrue(e.getMessage().contains("degree 8 is not secure for 1000"), e.getMessage());
    }

    @Test
    void acceptsAConsistentRound() throws Exception {
        AcceptedRound r = check(NONE).check(5, valid(), 4);
        assertEquals(5, r.roundId());
        assertEquals(2, r.selfId());
        assertEquals(2, r.epochs());
        assertEquals(64, r.vae().batchSize());
        assertTrue(r.global().bitEquals(MODEL));
        assertTrue(r.secureAggregation());
        assertEquals(Duration.ofMillis(70_000).plus(RoundStartCheck.GRACE), r.maxSilence());
        assertEquals(1005, r.seed(), "the training seed is this site's, from the round id alone");
    }

    @Test
    void theCoordinatorsPlanSeedDoesNotSteerTraining() throws Exception {
        RoundStart other = valid().toBuilder()
                .setTraining(valid().getTraining().toBuilder().setSeed(123_456_789))
                .build();
        assertEquals(
                check(NONE).check(5, valid(), 4).seed(),
                check(NONE).check(5, other, 4).seed());
    }

    @Test
    void aCohortBelowThisSitesMinimumIsDeclined() {
        RoundRefused e = assertThrows(RoundRefused.class, () -> check(NONE, 4).check(5, valid(), 0));
        assertTrue(e.getMessage().contains("a cohort of 3 is below this site's minimum of 4"), e.getMessage());
    }

    @Test
    void waitingIsCappedByTheParticipantsOwnLimit() throws Exception {
        RoundStart slow = valid().toBuilder()
                .setTimeouts(RoundTimeouts.newBuilder()
                        .setKeyStageMillis(Integer.MAX_VALUE)
                        .setTrainingMillis(Integer.MAX_VALUE))
                .build();
        assertEquals(Duration.ofMinutes(30), check(NONE).check(5, slow, 0).maxSilence());
    }

    @Test
    void anUnmaskedRoundWithoutConsentIsDeclined() {
        RoundRefused refused =
                assertThrows(RoundRefused.class, () -> check(NONE).check(5, plainRound(5), 0));
        assertTrue(refused.getMessage().contains("round 5 runs WITHOUT secure aggregation"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--allow-no-secagg-round"), refused.getMessage());
    }

    /**
     * Consent to unmasked round k (and maybe a few others) is consent to those ids only: round k runs
     * unmasked, any other unmasked round is declined, secure rounds run whatever the consent, and a
     * round start for k sent under another envelope id is declined too. Seeded: the seed is in the name.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L, 42L, 20261201L, -7L, Long.MAX_VALUE, 0x5EEDL})
    void consentForRoundKAdmitsAnUnmaskedRoundOnlyInRoundK(long seed) throws Exception {
        Random r = new Random(seed);
        long k = 5 + r.nextInt(1_000_000);
        Set<Long> consent = new HashSet<>(Set.of(k));
        for (int i = r.nextInt(3); i > 0; i--) {
            consent.add(5 + (long) r.nextInt(1_000_000));
        }
        RoundStartCheck check = check(consent);
        AcceptedRound accepted = check.check(k, plainRound(k), k - 1);
        assertEquals(k, accepted.roundId(), "seed " + seed);
        assertFalse(accepted.secureAggregation(), "seed " + seed);
        for (int i = 0; i < 20; i++) {
            long j = 5 + r.nextInt(2_000_000);
            if (consent.contains(j)) {
                continue;
            }
            RoundRefused refused =
                    assertThrows(RoundRefused.class, () -> check.check(j, plainRound(j), 0), "seed " + seed);
            assertTrue(
                    refused.getMessage().contains("WITHOUT secure aggregation"),
                    "seed " + seed + ": " + refused.getMessage());
            RoundStart secure =
                    plainRound(j).toBuilder().setSecureAggregation(true).build();
            assertTrue(check.check(j, secure, 0).secureAggregation(), "seed " + seed + ": a secure round " + j);
            RoundRefused moved =
                    assertThrows(RoundRefused.class, () -> check.check(k, plainRound(j), 0), "seed " + seed);
            assertTrue(moved.getMessage().contains("sent as round " + k), "seed " + seed + ": " + moved.getMessage());
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("envelope round differs", 6L, 0L, (UnaryOperator<RoundStart>) s -> s, "sent as round 6"),
                Arguments.of("replayed round", 5L, 5L, (UnaryOperator<RoundStart>) s -> s, "not newer"),
                Arguments.of(
                        "unsafe threshold",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setSecagg(s.getSecagg().toBuilder().setThreshold(1))
                                .build(),
                        "unsafe round configuration"),
                Arguments.of(
                        "not in the cohort",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setCohort(
                                        1,
                                        CohortEntry.newBuilder()
                                                .setParticipantId("stranger")
                                                .setSecaggId(2))
                                .build(),
                        "does not include me"),
                Arguments.of(
                        "someone else's key for me",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setCohort(
                                        0,
                                        CohortEntry.newBuilder()
                                                .setParticipantId("me")
                                                .setSecaggId(1))
                                .setCohort(
                                        1,
                                        CohortEntry.newBuilder()
                                                .setParticipantId("other")
                                                .setSecaggId(2))
                                .build(),
                        "not this participant's"),
                Arguments.of(
                        "name listed twice",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setCohort(
                                        2,
                                        CohortEntry.newBuilder()
                                                .setParticipantId("me")
                                                .setSecaggId(3))
                                .build(),
                        "twice"),
                Arguments.of(
                        "map and configuration disagree",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setCohort(
                                        2,
                                        CohortEntry.newBuilder()
                                                .setParticipantId("third")
                                                .setSecaggId(4))
                                .build(),
                        "differ"),
                Arguments.of(
                        "another model",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setGlobalModel(ModelParameters.zeros(new ModelSpec(
                                                java.util.List.of(new TensorSpec("w", new int[] {MODEL.size()}))))
                                        .toProto())
                                .build(),
                        "is not the VAE"),
                Arguments.of(
                        "unreadable model",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setGlobalModel(s.getGlobalModel().toBuilder()
                                        .setValuesLeF32(ByteString.copyFrom(new byte[12])))
                                .build(),
                        "unreadable global model"),
                Arguments.of(
                        "non-finite model",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> {
                            float[] v = MODEL.toFlatArray();
                            v[17] = Float.NaN;
                            return s.toBuilder()
                                    .setGlobalModel(
                                            ModelParameters.of(MODEL.spec(), v).toProto())
                                    .build();
                        },
                        "non-finite"),
                Arguments.of(
                        "no epochs",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setTraining(s.getTraining().toBuilder().setLocalEpochs(0))
                                .build(),
                        "local epochs"),
                Arguments.of(
                        "huge learning rate",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setTraining(s.getTraining().toBuilder().setLearningRate(5))
                                .build(),
                        "learning rate"),
                Arguments.of(
                        "no deadlines",
                        5L,
                        0L,
                        (UnaryOperator<RoundStart>) s -> s.toBuilder()
                                .setTimeouts(RoundTimeouts.getDefaultInstance())
                                .build(),
                        "no deadlines"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String name, long envelopeRound, long lastRound, UnaryOperator<RoundStart> change, String reason) {
        RoundRefused e = assertThrows(
                RoundRefused.class, () -> check(NONE).check(envelopeRound, change.apply(valid()), lastRound));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}

package org.fedvae.participant.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
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

/** What a participant refuses to train on, and what it accepts. */
class RoundStartCheckTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Ed25519KeyPair ME = Ed25519KeyPair.generate(RANDOM);
    private static final Ed25519KeyPair OTHER = Ed25519KeyPair.generate(RANDOM);
    private static final Ed25519KeyPair THIRD = Ed25519KeyPair.generate(RANDOM);
    private static final ModelParameters MODEL = ModelParameters.zeros(VaeLayout.spec(VaeConfig.defaults(0)));

    /** A valid round 5 for a cohort of three: "me" (id 2), "other" (1), "third" (3). */
    static RoundStart valid() {
        Map<Integer, byte[]> keys = new TreeMap<>(Map.of(1, OTHER.publicKey(), 2, ME.publicKey(), 3, THIRD.publicKey()));
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
                .setTraining(TrainingPlan.newBuilder().setLocalEpochs(2).setLearningRate(1e-3).setBatchSize(64).setKlBeta(1).setSeed(9))
                .setTimeouts(RoundTimeouts.newBuilder().setKeyStageMillis(10_000).setTrainingMillis(60_000))
                .setSecureAggregation(true)
                .build();
    }

    private static RoundStartCheck check(boolean allowPlain) {
        return check(allowPlain, 3);
    }

    private static RoundStartCheck check(boolean allowPlain, int minCohort) {
        return new RoundStartCheck("me", ME.publicKey(), allowPlain, Duration.ofMinutes(30), minCohort, roundId -> 1000 + roundId);
    }

    @Test
    void acceptsAConsistentRound() throws Exception {
        AcceptedRound r = check(false).check(5, valid(), 4);
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
        RoundStart other = valid().toBuilder().setTraining(valid().getTraining().toBuilder().setSeed(123_456_789)).build();
        assertEquals(check(false).check(5, valid(), 4).seed(), check(false).check(5, other, 4).seed());
    }

    @Test
    void aCohortBelowThisSitesMinimumIsDeclined() {
        RoundRefused e = assertThrows(RoundRefused.class, () -> check(false, 4).check(5, valid(), 0));
        assertTrue(e.getMessage().contains("a cohort of 3 is below this site's minimum of 4"), e.getMessage());
    }

    @Test
    void waitingIsCappedByTheParticipantsOwnLimit() throws Exception {
        RoundStart slow = valid().toBuilder().setTimeouts(RoundTimeouts.newBuilder().setKeyStageMillis(Integer.MAX_VALUE)
                .setTrainingMillis(Integer.MAX_VALUE)).build();
        assertEquals(Duration.ofMinutes(30), check(false).check(5, slow, 0).maxSilence());
    }

    @Test
    void plainRoundsOnlyWhenTheOperatorAllowedThem() throws Exception {
        RoundStart plain = valid().toBuilder().setSecureAggregation(false).build();
        RoundRefused refused = assertThrows(RoundRefused.class, () -> check(false).check(5, plain, 0));
        assertTrue(refused.getMessage().contains("WITHOUT secure aggregation"), refused.getMessage());
        assertEquals(false, check(true).check(5, plain, 0).secureAggregation());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("envelope round differs", 6L, 0L, (UnaryOperator<RoundStart>) s -> s, "sent as round 6"),
                Arguments.of("replayed round", 5L, 5L, (UnaryOperator<RoundStart>) s -> s, "not newer"),
                Arguments.of("unsafe threshold", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder()
                        .setSecagg(s.getSecagg().toBuilder().setThreshold(1)).build(), "unsafe round configuration"),
                Arguments.of("not in the cohort", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder()
                        .setCohort(1, CohortEntry.newBuilder().setParticipantId("stranger").setSecaggId(2)).build(), "does not include me"),
                Arguments.of("someone else's key for me", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder()
                        .setCohort(0, CohortEntry.newBuilder().setParticipantId("me").setSecaggId(1))
                        .setCohort(1, CohortEntry.newBuilder().setParticipantId("other").setSecaggId(2)).build(), "not this participant's"),
                Arguments.of("name listed twice", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder()
                        .setCohort(2, CohortEntry.newBuilder().setParticipantId("me").setSecaggId(3)).build(), "twice"),
                Arguments.of("map and configuration disagree", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder()
                        .setCohort(2, CohortEntry.newBuilder().setParticipantId("third").setSecaggId(4)).build(), "differ"),
                Arguments.of("another model", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder().setGlobalModel(
                        ModelParameters.zeros(new ModelSpec(java.util.List.of(new TensorSpec("w", new int[] {MODEL.size()})))).toProto())
                        .build(), "is not the VAE"),
                Arguments.of("unreadable model", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder().setGlobalModel(
                        s.getGlobalModel().toBuilder().setValuesLeF32(ByteString.copyFrom(new byte[12]))).build(), "unreadable global model"),
                Arguments.of("non-finite model", 5L, 0L, (UnaryOperator<RoundStart>) s -> {
                    float[] v = MODEL.toFlatArray();
                    v[17] = Float.NaN;
                    return s.toBuilder().setGlobalModel(ModelParameters.of(MODEL.spec(), v).toProto()).build();
                }, "non-finite"),
                Arguments.of("no epochs", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder()
                        .setTraining(s.getTraining().toBuilder().setLocalEpochs(0)).build(), "local epochs"),
                Arguments.of("huge learning rate", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder()
                        .setTraining(s.getTraining().toBuilder().setLearningRate(5)).build(), "learning rate"),
                Arguments.of("no deadlines", 5L, 0L, (UnaryOperator<RoundStart>) s -> s.toBuilder()
                        .setTimeouts(RoundTimeouts.getDefaultInstance()).build(), "no deadlines"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String name, long envelopeRound, long lastRound, UnaryOperator<RoundStart> change, String reason) {
        RoundRefused e = assertThrows(RoundRefused.class, () -> check(false).check(envelopeRound, change.apply(valid()), lastRound));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}

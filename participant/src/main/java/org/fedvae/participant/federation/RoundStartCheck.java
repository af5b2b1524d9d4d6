package org.fedvae.participant.federation;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.participant.vae.LabelCheck;
import org.fedvae.participant.vae.VaeConfig;
import org.fedvae.participant.vae.VaeLayout;
import org.fedvae.protocol.model.ModelParameters;
import org.fedvae.protocol.proto.CohortEntry;
import org.fedvae.protocol.proto.RoundStart;
import org.fedvae.protocol.proto.TrainingPlan;
import org.fedvae.protocol.round.TrainingPlanLimits;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.SecAggViolation;
import org.fedvae.protocol.secagg.graph.GraphRule;

/**
 * What a participant checks before it trains on anything a coordinator sends: the secure
 * aggregation configuration is safe (the machine's own validation: threshold, encoding that
 * cannot wrap, cohort size), the cohort map is consistent with it and lists this participant
 * under its own identity key, the round is newer than any it took part in, the model fits the
 * VAE and the training settings are sane. A round without secure aggregation is refused unless
 * this participant's operator consented to that very round id. Anything else is refused with a reason.
 */
final class RoundStartCheck {

    /** Margin on top of the coordinator's announced deadlines, for the network and the coordinator's own work. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final String participantId;
    private final byte[] identityPublicKey;
    private final Set<Long> plainRoundsAllowed;
    private final Duration maxWait;
    private final int minCohort;
    private final LongUnaryOperator trainingSeed;
    private final ImageSet train;
    private final ImageSet test;

    /**
     * @param plainRoundsAllowed the round ids this site consented to run without secure aggregation
     * @param trainingSeed the training seed of a round, from its id (fresh and secret unless a simulation says otherwise)
     * @param train this site's training images: a conditional model needs each labelled with a class it knows
     * @param test  this site's test images, which it evaluates the global model on: the same
     */
    RoundStartCheck(
            String participantId,
            byte[] identityPublicKey,
            Set<Long> plainRoundsAllowed,
            Duration maxWait,
            int minCohort,
            LongUnaryOperator trainingSeed,
            ImageSet train,
            ImageSet test) {
        this.participantId = participantId;
        this.identityPublicKey = identityPublicKey.clone();
        this.plainRoundsAllowed = Set.copyOf(plainRoundsAllowed);
        this.maxWait = maxWait;
        this.minCohort = minCohort;
        this.trainingSeed = trainingSeed;
        this.train = train;
        this.test = test;
    }

    AcceptedRound check(long envelopeRoundId, RoundStart start, long lastRoundId) throws RoundRefused {
        // Consent is per round id: the envelope's id here, and the configuration's id must equal it (checked below).
        if (!start.getSecureAggregation() && !plainRoundsAllowed.contains(envelopeRoundId)) {
            throw new RoundRefused(
                    "round " + Long.toUnsignedString(envelopeRoundId) + " runs WITHOUT secure aggregation; "
                            + "this participant sends an unmasked update only in a round its operator consented to "
                            + "(--allow-no-secagg-round ID, comparison runs only)");
        }
        RoundConfig config;
        try {
            // Above 255 members the coordinator chose a sparse graph: its degree and threshold must pass this
            // site's own rule, or a coordinator could pick a degree of 2 (PROTOCOL.md 3.1).
            config = RoundConfig.fromProto(start.getSecagg(), GraphRule.DEFAULT);
        } catch (SecAggViolation v) {
            throw new RoundRefused("unsafe round configuration: " + v.getMessage());
        }
        long roundId = config.roundId();
        if (config.cohortSize() < minCohort) {
            throw new RoundRefused(
                    "a cohort of " + config.cohortSize() + " is below this site's minimum of " + minCohort
                            + " (in a small cohort each member learns much of the others' updates from the next model)");
        }
        if (roundId != envelopeRoundId) {
            throw new RoundRefused("round start for round " + roundId + " sent as round " + envelopeRoundId);
        }
        if (Long.compareUnsigned(roundId, lastRoundId) <= 0) {
            throw new RoundRefused("round " + Long.toUnsignedString(roundId) + " is not newer than round " + lastRoundId
                    + ", which this participant already took part in");
        }
        int selfId = selfId(start, config);
        if (!Arrays.equals(config.identityKey(selfId), identityPublicKey)) {
            throw new RoundRefused(
                    "the round lists an identity key for " + participantId + " that is not this participant's");
        }
        TrainingPlan plan = start.getTraining();
        ModelParameters global;
        try {
            global = ModelParameters.fromProto(start.getGlobalModel());
        } catch (IllegalArgumentException e) {
            throw new RoundRefused("unreadable global model: " + e.getMessage());
        }
        // The model kind is in the spec: a cvae's has label tensors, whose shape gives the class count.
        VaeConfig vae = vaeConfig(plan).withLabelCount(VaeLayout.labelCount(global.spec()));
        if (!global.spec().equals(VaeLayout.spec(vae))) {
            throw new RoundRefused("the global model " + global.spec()
                    + " is not the VAE this participant trains: a model kind it cannot train (it trains the "
                    + "reference VAE and its conditional variant, cvae, over 28x28 images)");
        }
        if (vae.conditional()) {
            checkLabels(train, "training", vae, global);
            checkLabels(test, "test", vae, global);
        }
        // A client-level DP round masks the padded rotation; ClientDpCheck ties the two lengths.
        long aggregated = start.hasClientDp()
                ? Integer.toUnsignedLong(start.getClientDp().getDimension())
                : config.vectorLength();
        if (global.size() != aggregated) {
            throw new RoundRefused(
                    "the model has " + global.size() + " parameters, the round aggregates " + aggregated);
        }
        for (int i = 0; i < global.size(); i++) {
            if (!Float.isFinite(global.get(i))) {
                throw new RoundRefused("the global model holds a non-finite value at " + i);
            }
        }
        long announced = Integer.toUnsignedLong(start.getTimeouts().getKeyStageMillis())
                + Integer.toUnsignedLong(start.getTimeouts().getTrainingMillis());
        if (announced == 0) {
            throw new RoundRefused("the round announces no deadlines");
        }
        Duration wait = Duration.ofMillis(announced).plus(GRACE);
        if (wait.compareTo(maxWait) > 0) {
            wait = maxWait;
        }
        // The plan's seed is the coordinator's: training randomness never depends on it.
        long seed = trainingSeed.applyAsLong(roundId);
        return new AcceptedRound( // plain training until the site's budget, if any, adds its DP-SGD plan
                roundId,
                config,
                selfId,
                global,
                vae,
                plan.getLocalEpochs(),
                seed,
                start.getSecureAggregation(),
                wait,
                null,
                null);
    }

    private static void checkLabels(ImageSet images, String which, VaeConfig vae, ModelParameters global)
            throws RoundRefused {
        Optional<String> problem = LabelCheck.problem(images, vae.labelCount());
        if (problem.isPresent()) {
            throw new RoundRefused("this site cannot train the federation's " + VaeLayout.kind(global.spec())
                    + ": in its " + which + " data, " + problem.get());
        }
    }

    /** The cohort map must be one-to-one, match the configuration's ids exactly, and name this participant. */
    private int selfId(RoundStart start, RoundConfig config) throws RoundRefused {
        Set<String> names = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        Integer self = null;
        for (CohortEntry e : start.getCohortList()) {
            if (!names.add(e.getParticipantId()) || !ids.add(e.getSecaggId())) {
                throw new RoundRefused(
                        "the cohort map lists " + e.getParticipantId() + " or id " + e.getSecaggId() + " twice");
            }
            if (e.getParticipantId().equals(participantId)) {
                self = e.getSecaggId();
            }
        }
        if (!ids.equals(config.cohortIds())) {
            throw new RoundRefused(
                    "the cohort map's ids " + ids + " differ from the round configuration's " + config.cohortIds());
        }
        if (self == null) {
            throw new RoundRefused("the round's cohort does not include " + participantId);
        }
        return self;
    }

    private static VaeConfig vaeConfig(TrainingPlan plan) throws RoundRefused {
        Optional<String> problem = TrainingPlanLimits.check(
                Integer.toUnsignedLong(plan.getLocalEpochs()),
                plan.getLearningRate(),
                Integer.toUnsignedLong(plan.getBatchSize()),
                plan.getKlBeta());
        if (problem.isPresent()) {
            throw new RoundRefused(problem.get());
        }
        return VaeConfig.defaults(0)
                .withBatchSize(plan.getBatchSize())
                .withLearningRate(plan.getLearningRate())
                .withBeta(plan.getKlBeta());
    }
}

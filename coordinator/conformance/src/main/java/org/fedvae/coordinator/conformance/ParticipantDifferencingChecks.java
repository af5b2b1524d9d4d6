package org.fedvae.coordinator.conformance;

import java.security.SecureRandom;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.proto.SecAggMessage;
import org.fedvae.protocol.secagg.SecAggStage;

/**
 * The kit's checks against differencing: a coordinator that gets two sums which differ only in
 * one participant's update learns that update. It could run one round id twice (a restart that
 * lost its state, or a replay), or, if training were a function of what it sends, run two
 * rounds with the same model and plan seed, leave the victim out of one and subtract.
 */
final class ParticipantDifferencingChecks {

    static final String RANDOMNESS = "participant.training-randomness-not-steerable";
    static final String REUSED_ROUND_ID = "participant.reused-round-id-refused";
    /**
     * The relative difference ||u1 - u2|| / ||u1|| two updates from the same model and plan must
     * exceed (PROTOCOL.md, section 11): the differencing attack's error against the victim's norm.
     */
    static final double MIN_RELATIVE_DIFFERENCE = 1e-2;

    private final ParticipantKit kit;

    ParticipantDifferencingChecks(ParticipantKit kit) {
        this.kit = kit;
    }

    /**
     * Two honest rounds with the same global model and the same plan seed: the participant's two
     * updates, recovered from the unmasked sums, must differ by more than stochastic rounding can
     * make a deterministic participant's differ.
     */
    CheckResult trainingRandomness(String name) throws Exception {
        long seed = new SecureRandom().nextLong();
        float[][] u = new float[2][];
        long weight = Long.MAX_VALUE;
        int scaleBits = 0;
        for (int k = 0; k < 2; k++) {
            KitRound r = kit.round(0, KitRound.Lie.NONE);
            if (r == null) {
                return CheckResult.fail(name, "the participant did not connect");
            }
            r.withPlanSeed(seed).start().run(kit.wait);
            if (r.coordinator.stage() != SecAggStage.COMPLETED
                    || !r.coordinator.survivors().orElseThrow().contains(r.selfId)) {
                return CheckResult.fail(
                        name, "round " + r.roundId + " did not complete with its update: " + ParticipantChecks.why(r));
            }
            int[] words = r.participantWords();
            try {
                u[k] = UpdateDecoder.decodeAverage(words, r.config.encoding());
            } catch (IllegalArgumentException bad) {
                return CheckResult.fail(name, "its update in round " + r.roundId + " is no valid encoding: " + bad);
            }
            weight = Math.min(weight, Integer.toUnsignedLong(words[u[k].length + VectorLayout.WEIGHT]));
            scaleBits = r.config.encoding().scaleBits();
        }
        double norm = norm(u[0], null);
        if (norm == 0) {
            return CheckResult.fail(name, "its update is zero, so two rounds cannot be told apart");
        }
        double relative = norm(u[0], u[1]) / norm;
        // A deterministic participant's two encodings differ by at most one rounding step
        // 1 / (w * 2^scaleBits) per coordinate; twice that bound over the norm covers float decoding.
        double rounding = Math.sqrt(u[0].length) / (weight * Math.scalb(1.0, scaleBits)) / norm;
        double threshold = Math.max(MIN_RELATIVE_DIFFERENCE, 2 * rounding);
        CheckResult.Measure m = new CheckResult.Measure("relative difference", relative, threshold);
        return CheckResult.measured(
                name,
                relative > threshold
                        ? null
                        : "with the same model and plan seed its two updates differ by no more than rounding:"
                                + " its training follows the coordinator's inputs, so two rounds, one without it,"
                                + " would give its update away",
                m);
    }

    /**
     * After a round it took part in, a RoundStart reusing that round id is declined before any
     * AdvertiseKeys; a fresh, higher round id then finds it taking part again. {@code between}
     * runs after the first round (a restart, to check that the round ledger survives one).
     */
    String reusedRoundId(ParticipantKit.Restart between) throws Exception {
        KitRound first = kit.round(0, KitRound.Lie.NONE);
        if (first == null) {
            return "the participant did not connect";
        }
        first.start().run(kit.wait);
        if (!tookPart(first)) {
            return "it did not take part in the honest round " + first.roundId + ": " + ParticipantChecks.why(first);
        }
        between.run();
        KitRound again = kit.reusingRound(first.roundId);
        if (again == null) {
            return "the participant did not reconnect";
        }
        again.start().run(kit.wait);
        if (tookPart(again)) {
            return "it advertised keys in a second round " + first.roundId
                    + ": a coordinator could compare two masked sums of one round";
        }
        if (again.declined == null) {
            return "it did not decline round " + first.roundId + " a second time: " + ParticipantChecks.why(again);
        }
        KitRound fresh = kit.round(0, KitRound.Lie.NONE);
        if (fresh == null) {
            return "the participant did not reconnect";
        }
        fresh.start().run(kit.wait);
        return tookPart(fresh)
                ? null
                : "after declining the reused id it did not take part in the fresh round " + fresh.roundId + ": "
                        + ParticipantChecks.why(fresh);
    }

    private static boolean tookPart(KitRound r) {
        return r.fromParticipant.stream().anyMatch(SecAggMessage::hasAdvertiseKeys);
    }

    /** ||a - b||, or ||a|| when {@code b} is null. */
    private static double norm(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - (b == null ? 0 : b[i]);
            s += d * d;
        }
        return Math.sqrt(s);
    }
}

package org.fedvae.coordinator.federation;

import java.time.Duration;
import org.fedvae.protocol.secagg.RoundConfig;

/**
 * What the coordinator's rounds look like: how many, who takes part, how participants train,
 * how long each stage may take, and how updates are encoded.
 *
 * @param rounds           rounds to run in total (a resumed run counts the rounds before its restart)
 * @param minParticipants  a round starts only once this many participants are connected (>= 2)
 * @param cohortSize       participants per round; 0 to use {@code cohortFraction} of those connected
 * @param cohortFraction   share of the connected participants selected when cohortSize is 0
 * @param seed             cohort selection and the participants' training seeds
 * @param localEpochs      epochs each participant trains per round
 * @param learningRate     the participants' Adam learning rate (fresh Adam each round)
 * @param batchSize        the participants' batch size
 * @param klBeta           weight of the KL term in the VAE loss
 * @param keyStageTimeout  deadline of every secure-aggregation stage except the masked-input one
 * @param trainingTimeout  deadline of the stage that collects updates (includes local training)
 * @param secureAggregation false only for comparison runs: updates travel unmasked
 * @param clipRange        per-coordinate clip of each update
 * @param maxWeight        cap on a participant's weight (its training sample count)
 */
public record RoundPolicy(int rounds, int minParticipants, int cohortSize, double cohortFraction, long seed,
                          int localEpochs, double learningRate, int batchSize, double klBeta,
                          Duration keyStageTimeout, Duration trainingTimeout, boolean secureAggregation,
                          float clipRange, int maxWeight) {

    /** Timeouts go on the wire in milliseconds as uint32. */
    static final long MAX_TIMEOUT_MILLIS = Integer.MAX_VALUE;

    public RoundPolicy {
        require(rounds >= 1, "rounds must be at least 1, got " + rounds);
        require(minParticipants >= 2 && minParticipants <= RoundConfig.MAX_COHORT,
                "the minimum number of participants must be in 2.." + RoundConfig.MAX_COHORT + ", got " + minParticipants);
        require(cohortSize == 0 || cohortSize >= minParticipants && cohortSize <= RoundConfig.MAX_COHORT,
                "cohort size must be 0 (use the fraction) or in " + minParticipants + ".." + RoundConfig.MAX_COHORT + ", got " + cohortSize);
        require(cohortFraction > 0 && cohortFraction <= 1, "cohort fraction must be in (0, 1], got " + cohortFraction);
        require(localEpochs >= 1 && localEpochs <= 1000, "local epochs must be in 1..1000, got " + localEpochs);
        require(learningRate > 0 && learningRate <= 1, "learning rate must be in (0, 1], got " + learningRate);
        require(batchSize >= 1 && batchSize <= 65_536, "batch size must be in 1..65536, got " + batchSize);
        require(klBeta >= 0 && Double.isFinite(klBeta), "KL weight must be finite and >= 0, got " + klBeta);
        requireTimeout("key stage timeout", keyStageTimeout);
        requireTimeout("training timeout", trainingTimeout);
        require(Float.isFinite(clipRange) && clipRange > 0, "clip range must be positive, got " + clipRange);
        require(maxWeight >= 1, "weight cap must be at least 1, got " + maxWeight);
        // Fails now, not in round 57, if the largest cohort this policy can select cannot be encoded.
        EncodingPlanner.plan(cohortSize > 0 ? cohortSize : RoundConfig.MAX_COHORT, clipRange, maxWeight);
    }

    /** Defaults: the reference VAE's training (1 epoch, Adam 1e-3, batch 128), all connected, secure aggregation on. */
    public static RoundPolicy defaults(int rounds, int minParticipants) {
        return new RoundPolicy(rounds, minParticipants, 0, 1.0, 1, 1, 1e-3, 128, 1.0,
                Duration.ofSeconds(60), Duration.ofMinutes(30), true, 1.0f, 10_000);
    }

    public RoundPolicy withCohort(int size, double fraction) {
        return new RoundPolicy(rounds, minParticipants, size, fraction, seed, localEpochs, learningRate, batchSize, klBeta,
                keyStageTimeout, trainingTimeout, secureAggregation, clipRange, maxWeight);
    }

    public RoundPolicy withTraining(int epochs, double lr, int batch, double beta) {
        return new RoundPolicy(rounds, minParticipants, cohortSize, cohortFraction, seed, epochs, lr, batch, beta,
                keyStageTimeout, trainingTimeout, secureAggregation, clipRange, maxWeight);
    }

    public RoundPolicy withTimeouts(Duration keyStage, Duration training) {
        return new RoundPolicy(rounds, minParticipants, cohortSize, cohortFraction, seed, localEpochs, learningRate, batchSize,
                klBeta, keyStage, training, secureAggregation, clipRange, maxWeight);
    }

    public RoundPolicy withSeed(long newSeed) {
        return new RoundPolicy(rounds, minParticipants, cohortSize, cohortFraction, newSeed, localEpochs, learningRate,
                batchSize, klBeta, keyStageTimeout, trainingTimeout, secureAggregation, clipRange, maxWeight);
    }

    public RoundPolicy withSecureAggregation(boolean on) {
        return new RoundPolicy(rounds, minParticipants, cohortSize, cohortFraction, seed, localEpochs, learningRate, batchSize,
                klBeta, keyStageTimeout, trainingTimeout, on, clipRange, maxWeight);
    }

    public RoundPolicy withEncoding(float clip, int weightCap) {
        return new RoundPolicy(rounds, minParticipants, cohortSize, cohortFraction, seed, localEpochs, learningRate, batchSize,
                klBeta, keyStageTimeout, trainingTimeout, secureAggregation, clip, weightCap);
    }

    public RoundPolicy withRounds(int total) {
        return new RoundPolicy(total, minParticipants, cohortSize, cohortFraction, seed, localEpochs, learningRate, batchSize,
                klBeta, keyStageTimeout, trainingTimeout, secureAggregation, clipRange, maxWeight);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireTimeout(String name, Duration d) {
        require(d != null && !d.isNegative() && !d.isZero() && d.toMillis() <= MAX_TIMEOUT_MILLIS,
                name + " must be positive and at most " + MAX_TIMEOUT_MILLIS + " ms, got " + d);
    }
}

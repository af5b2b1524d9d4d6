package org.fedvae.coordinator.federation;

import java.time.Duration;
import org.fedvae.protocol.round.TrainingPlanLimits;
import org.fedvae.protocol.secagg.RoundConfig;
import org.fedvae.protocol.secagg.graph.GraphRule;
import org.fedvae.protocol.transport.TransportLimits;

/**
 * What the coordinator's rounds look like, in small parts: how many rounds, who takes part
 * ({@link Cohort}), how participants train ({@link Training}), how long each stage may take
 * ({@link Deadlines}), how updates are encoded ({@link EncodingLimits}), and whether updates are
 * masked. Each part's {@code DEFAULT} is the one set of defaults: {@code serve}, the simulations
 * and {@link #defaults} all start from it.
 *
 * @param rounds            rounds to run in total (a resumed run counts the rounds before its restart)
 * @param secureAggregation false only for comparison runs: updates travel unmasked
 * @param clientDp          client-level DP rounds (distributed discrete Gaussian), or null: none
 */
public record RoundPolicy(
        int rounds,
        Cohort cohort,
        Training training,
        Deadlines deadlines,
        EncodingLimits encoding,
        boolean secureAggregation,
        ClientDpPolicy clientDp) {

    /** Timeouts go on the wire in milliseconds as uint32. */
    static final long MAX_TIMEOUT_MILLIS = Integer.MAX_VALUE;

    public static final int DEFAULT_ROUNDS = 10;

    /**
     * @param minParticipants a round starts only once this many participants are connected (>= 3)
     * @param size            participants per round; 0 to use {@code fraction} of those connected
     * @param fraction        share of the connected participants selected when size is 0
     * @param threshold       the fewest members every stage needs; 0 for {@link RoundConfig#defaultThreshold}
     *                        (a given threshold needs a fixed size, so that it is checked against it now; it applies
     *                        to the complete graph only: above 255 the sparse graph's threshold comes from
     *                        {@link GraphRule#DEFAULT})
     * @param maxSize         the largest cohort ever selected, n_max: the transport's per-message bounds are sized
     *                        for it; above 255 rounds use the SecAgg+ sparse graph
     */
    public record Cohort(int minParticipants, int size, double fraction, int threshold, int maxSize) {
        /** In a cohort of two each member learns the other's update from the next model: three at least. */
        public static final int SMALLEST = 3;

        /** The largest cohort by default, and the largest with the complete graph. */
        public static final int DEFAULT_MAX_SIZE = GraphRule.COMPLETE_GRAPH_MAX_COHORT;

        /** The largest n_max there is: the transport's bounds stop growing there. */
        public static final int LARGEST = TransportLimits.LARGEST_MAX_COHORT;

        public static final Cohort DEFAULT = new Cohort(SMALLEST, 0, 1.0, 0);

        /** A cohort of at most 255, or of {@code size} if that is larger. */
        public Cohort(int minParticipants, int size, double fraction, int threshold) {
            this(minParticipants, size, fraction, threshold, Math.max(DEFAULT_MAX_SIZE, size));
        }

        public Cohort {
            require(
                    maxSize >= SMALLEST && maxSize <= LARGEST,
                    "the largest cohort (--max-cohort) must be in " + SMALLEST + ".." + LARGEST + ", got " + maxSize);
            require(
                    minParticipants >= SMALLEST && minParticipants <= LARGEST,
                    "the minimum number of participants must be in " + SMALLEST + ".." + LARGEST
                            + ", got " + minParticipants
                            + " (in a cohort of two each member learns the other's update from the next model)");
            require(
                    size == 0 || size >= minParticipants && size <= maxSize,
                    "cohort size must be 0 (use the fraction) or in " + minParticipants + ".." + maxSize
                            + " (the largest cohort, --max-cohort), got " + size);
            require(fraction > 0 && fraction <= 1, "cohort fraction must be in (0, 1], got " + fraction);
            require(
                    threshold == 0 || size > 0,
                    "a threshold needs a fixed cohort size (--cohort-size), got threshold " + threshold
                            + " with cohort size 0");
            require(
                    threshold == 0 || size <= GraphRule.COMPLETE_GRAPH_MAX_COHORT,
                    "a threshold applies to cohorts of at most " + GraphRule.COMPLETE_GRAPH_MAX_COHORT
                            + " (the complete graph); a cohort of " + size
                            + " uses the sparse graph, whose per-neighbourhood threshold comes from its parameter rule");
            // More than half: two disjoint sets of survivors could otherwise both be unmasked.
            require(
                    threshold == 0 || 2L * threshold > size && threshold <= size,
                    "threshold " + threshold + " for a cohort of " + size + " must be more than half of it (> "
                            + size / 2.0 + ") and at most " + size);
            if (maxSize > GraphRule.COMPLETE_GRAPH_MAX_COHORT) {
                // Fails now, not in round 57: the rule must find a degree for every cohort up to the largest.
                GraphRule.DEFAULT.forCohort(maxSize);
            }
        }

        public Cohort withMinParticipants(int n) {
            return new Cohort(n, size, fraction, threshold, maxSize);
        }

        /** Connected participants needed before a round starts: enough for a given threshold too. */
        int neededToStart() {
            return Math.max(minParticipants, threshold);
        }

        /** The threshold of a round with {@code members} selected. */
        int thresholdFor(int members) {
            return threshold > 0 ? threshold : RoundConfig.defaultThreshold(members);
        }
    }

    /**
     * The participants' training: the reference VAE's (1 epoch, Adam 1e-3, batch 128, beta 1).
     *
     * @param seed cohort selection and the participants' training seeds
     */
    public record Training(int localEpochs, double learningRate, int batchSize, double klBeta, long seed) {
        public static final Training DEFAULT = new Training(1, 1e-3, 128, 1.0, 1);

        public Training {
            TrainingPlanLimits.check(localEpochs, learningRate, batchSize, klBeta)
                    .ifPresent(problem -> {
                        throw new IllegalArgumentException(problem);
                    });
        }

        public Training withLocalEpochs(int epochs) {
            return new Training(epochs, learningRate, batchSize, klBeta, seed);
        }

        public Training withSeed(long newSeed) {
            return new Training(localEpochs, learningRate, batchSize, klBeta, newSeed);
        }
    }

    /**
     * @param keyStage deadline of every secure-aggregation stage except the masked-input one
     * @param training deadline of the stage that collects updates (includes local training)
     */
    public record Deadlines(Duration keyStage, Duration training) {
        public static final Deadlines DEFAULT = new Deadlines(Duration.ofSeconds(60), Duration.ofMinutes(30));

        public Deadlines {
            requireTimeout("key stage timeout", keyStage);
            requireTimeout("training timeout", training);
        }
    }

    /**
     * @param clipRange per-coordinate clip of each update
     * @param maxWeight cap on a participant's weight (its training sample count)
     */
    public record EncodingLimits(float clipRange, int maxWeight) {
        public static final EncodingLimits DEFAULT = new EncodingLimits(1.0f, 10_000);

        public EncodingLimits {
            require(Float.isFinite(clipRange) && clipRange > 0, "clip range must be positive, got " + clipRange);
            require(maxWeight >= 1, "weight cap must be at least 1, got " + maxWeight);
        }
    }

    public RoundPolicy {
        require(rounds >= 1, "rounds must be at least 1, got " + rounds);
        require(
                cohort != null && training != null && deadlines != null && encoding != null,
                "every part of the policy is needed");
        // Fails now, not in round 57, if the largest cohort this policy can select cannot be encoded.
        EncodingPlanner.plan(cohort.maxSize(), encoding.clipRange(), encoding.maxWeight());
        require(
                clientDp == null || secureAggregation,
                "client-level DP needs secure aggregation: one participant's noise share protects nothing on its own");
    }

    /** A policy without client-level DP. */
    public RoundPolicy(
            int rounds,
            Cohort cohort,
            Training training,
            Deadlines deadlines,
            EncodingLimits encoding,
            boolean secureAggregation) {
        this(rounds, cohort, training, deadlines, encoding, secureAggregation, null);
    }

    /** The defaults for {@code rounds} rounds that start once {@code minParticipants} are connected. */
    public static RoundPolicy defaults(int rounds, int minParticipants) {
        return new RoundPolicy(
                rounds,
                Cohort.DEFAULT.withMinParticipants(minParticipants),
                Training.DEFAULT,
                Deadlines.DEFAULT,
                EncodingLimits.DEFAULT,
                true);
    }

    public RoundPolicy withRounds(int total) {
        return new RoundPolicy(total, cohort, training, deadlines, encoding, secureAggregation, clientDp);
    }

    public RoundPolicy with(Cohort c) {
        return new RoundPolicy(rounds, c, training, deadlines, encoding, secureAggregation, clientDp);
    }

    public RoundPolicy with(Training t) {
        return new RoundPolicy(rounds, cohort, t, deadlines, encoding, secureAggregation, clientDp);
    }

    public RoundPolicy with(Deadlines d) {
        return new RoundPolicy(rounds, cohort, training, d, encoding, secureAggregation, clientDp);
    }

    public RoundPolicy with(EncodingLimits e) {
        return new RoundPolicy(rounds, cohort, training, deadlines, e, secureAggregation, clientDp);
    }

    /** Client-level DP rounds with these settings; null: none. */
    public RoundPolicy withClientDp(ClientDpPolicy dp) {
        return new RoundPolicy(rounds, cohort, training, deadlines, encoding, secureAggregation, dp);
    }

    public RoundPolicy withSecureAggregation(boolean on) {
        return new RoundPolicy(rounds, cohort, training, deadlines, encoding, on, clientDp);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireTimeout(String name, Duration d) {
        require(
                d != null && !d.isNegative() && !d.isZero() && d.toMillis() <= MAX_TIMEOUT_MILLIS,
                name + " must be positive and at most " + MAX_TIMEOUT_MILLIS + " ms, got " + d);
    }
}

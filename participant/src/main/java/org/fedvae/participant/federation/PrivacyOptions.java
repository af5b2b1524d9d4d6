package org.fedvae.participant.federation;

import picocli.CommandLine.Option;

/**
 * The command-line options of a site's privacy budget, shared by {@code join} and the
 * simulations' {@code run} (which gives every simulated site the same budget). DP is off unless
 * {@code --dp-epsilon} is given.
 */
public final class PrivacyOptions {

    /** Defaults chosen for the reference VAE on a few thousand images (docs/BENCHMARKS.md, DP main job). */
    public static final double DEFAULT_DELTA = 1e-5;

    public static final double DEFAULT_CLIP = 10.0;
    public static final int DEFAULT_BATCH = 1024;

    @Option(
            names = "--dp-epsilon",
            paramLabel = "E",
            description = "Train with DP-SGD: this site spends at most epsilon E over the whole federation "
                    + "(sample-level DP for each of its images). Off by default.")
    Double epsilon;

    @Option(
            names = "--dp-delta",
            paramLabel = "D",
            defaultValue = "1e-5",
            description =
                    "Delta of the DP guarantee; keep it well below 1 / number of images (default: ${DEFAULT-VALUE}).")
    double delta = DEFAULT_DELTA;

    @Option(
            names = "--dp-clip",
            paramLabel = "C",
            defaultValue = "10",
            description = "L2 norm each image's gradient is clipped to (default: ${DEFAULT-VALUE}).")
    double clip = DEFAULT_CLIP;

    @Option(
            names = "--dp-batch-size",
            paramLabel = "B",
            defaultValue = "1024",
            description = "Expected DP-SGD batch: each image joins each step with rate B / images "
                    + "(default: ${DEFAULT-VALUE}; the coordinator's batch size is not used under DP).")
    int batchSize = DEFAULT_BATCH;

    @Option(
            names = "--dp-planned-rounds",
            paramLabel = "R",
            description = "Rounds this site plans to train in: the noise is calibrated so that R rounds spend E, "
                    + "and further rounds are declined (required with --dp-epsilon for join).")
    Integer plannedRounds;

    @Option(
            names = "--dp-epochs-per-round",
            paramLabel = "N",
            description = "Local epochs per round the noise is calibrated for; a plan asking for more trains N "
                    + "(default: the first round's plan, recorded in the state folder and kept).")
    Integer epochsPerRound;

    /** Whether DP was asked for. */
    public boolean enabled() {
        return epsilon != null;
    }

    public Integer plannedRounds() {
        return plannedRounds;
    }

    /**
     * The budget, or null without {@code --dp-epsilon}.
     *
     * @param defaultRounds the planned rounds when {@code --dp-planned-rounds} is not given; null: required
     */
    public PrivacyBudget budget(Integer defaultRounds) {
        if (epsilon == null) {
            return null;
        }
        Integer rounds = plannedRounds != null ? plannedRounds : defaultRounds;
        if (rounds == null) {
            throw new IllegalArgumentException(
                    "--dp-epsilon needs --dp-planned-rounds: the noise is calibrated over the rounds this site plans");
        }
        return new PrivacyBudget(epsilon, delta, clip, batchSize, rounds, epochsPerRound);
    }
}

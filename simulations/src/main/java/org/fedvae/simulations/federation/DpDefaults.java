package org.fedvae.simulations.federation;

import org.fedvae.coordinator.federation.RoundPolicy;
import org.fedvae.participant.federation.PrivacyOptions;
import picocli.CommandLine.ParseResult;

/**
 * What the main job changes when its sites train with DP-SGD ({@code --dp-epsilon}) and the user
 * did not set the option: noisy, clipped gradients want their own schedule. The sites' own DP
 * defaults (expected batch 1024, clip 10, delta 1e-5) are {@link PrivacyOptions}'; the ones here
 * are the coordinator's plan. Measured in docs/BENCHMARKS.md (DP main job).
 */
final class DpDefaults {

    /** Rounds: the same schedule as without DP, so the two runs compare at equal work. */
    static final int ROUNDS = 12;

    static final int LOCAL_EPOCHS = 5;
    /**
     * Adam's step for normalised (all clipped) noisy gradients: ten times the non-private one. With
     * few steps (360 per site) a small step leaves the model far from converged (1e-3: 189 nats);
     * averaging ten sites' independent noise keeps a large one stable.
     */
    static final double LEARNING_RATE = 1e-2;

    private DpDefaults() {}

    /** The rounds to run: the user's, else the DP default when DP is on. */
    static int rounds(int given, PrivacyOptions privacy, ParseResult parsed) {
        return privacy.enabled() && !parsed.hasMatchedOption("--rounds") ? ROUNDS : given;
    }

    /** The training plan: the user's settings, DP defaults for the ones not set when DP is on. */
    static RoundPolicy.Training training(RoundPolicy.Training given, PrivacyOptions privacy, ParseResult parsed) {
        if (!privacy.enabled()) {
            return given;
        }
        return new RoundPolicy.Training(
                parsed.hasMatchedOption("--local-epochs") ? given.localEpochs() : LOCAL_EPOCHS,
                parsed.hasMatchedOption("--lr") ? given.learningRate() : LEARNING_RATE,
                given.batchSize(),
                given.klBeta(),
                given.seed());
    }
}

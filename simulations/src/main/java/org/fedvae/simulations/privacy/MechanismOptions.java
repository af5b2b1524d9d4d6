package org.fedvae.simulations.privacy;

import org.fedvae.participant.privacy.Mechanism;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that describe a DP-SGD run: sampling rate, noise multiplier and steps. */
final class MechanismOptions {

    @Option(
            names = "--sampling-rate",
            required = true,
            description = "q in [0, 1]: the probability that each record is in a batch (batch size / data size).")
    double samplingRate;

    @Option(
            names = "--noise-multiplier",
            required = true,
            description = "sigma > 0: the noise's standard deviation over the clipping norm.")
    double noiseMultiplier;

    @Option(names = "--steps", required = true, description = "Noisy steps, at least 0.")
    long steps;

    /** The mechanism, or a usage error (exit code 2) that names the option at fault. */
    Mechanism mechanism(CommandLine cmd) {
        Inputs.check(
                cmd, samplingRate >= 0 && samplingRate <= 1, "--sampling-rate must be in [0, 1], got " + samplingRate);
        Inputs.check(
                cmd,
                noiseMultiplier > 0 && noiseMultiplier < Double.POSITIVE_INFINITY,
                "--noise-multiplier must be positive and finite, got " + noiseMultiplier);
        Inputs.check(cmd, steps >= 0, "--steps must be at least 0, got " + steps);
        return new Mechanism(samplingRate, noiseMultiplier, steps);
    }
}

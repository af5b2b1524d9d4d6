package org.fedvae.coordinator.federation;

import picocli.CommandLine.Option;

/** How the participants train each round: the options {@code serve} and the simulations' {@code run} share. */
public final class TrainingOptions {

    @Option(names = "--local-epochs", description = "Local epochs per round (default: ${DEFAULT-VALUE}).")
    int localEpochs;

    @Option(names = "--lr", description = "Participants' Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--batch-size", description = "Participants' batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--beta", description = "Weight of the KL term (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(
            names = "--seed",
            description = "Seed of cohort selection and training; a simulation seeds everything with it "
                    + "(default: ${DEFAULT-VALUE}).")
    long seed;

    public TrainingOptions() {
        this(RoundPolicy.Training.DEFAULT);
    }

    /** With other defaults than the policy's, for a command whose runs are meant to differ (e.g. a simulation's). */
    public TrainingOptions(RoundPolicy.Training defaults) {
        localEpochs = defaults.localEpochs();
        learningRate = defaults.learningRate();
        batchSize = defaults.batchSize();
        beta = defaults.klBeta();
        seed = defaults.seed();
    }

    /** The training settings, checked against the limits participants apply. */
    public RoundPolicy.Training training() {
        return new RoundPolicy.Training(localEpochs, learningRate, batchSize, beta, seed);
    }
}

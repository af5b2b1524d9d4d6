package org.fedvae.coordinator.federation;

import picocli.CommandLine.Option;

/** How many rounds, the server strategy and whether updates are masked: shared by {@code serve} and {@code run}. */
public final class ServerOptions {

    @Option(
            names = "--rounds",
            description = "Total rounds, counting those before a restart (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--strategy", description = "fedavg, fedavgm or fedadam (default: ${DEFAULT-VALUE}).")
    String strategy = "fedavg";

    @Option(names = "--server-lr", description = "Server learning rate (default: the strategy's).")
    Float serverLr;

    @Option(
            names = "--no-secagg",
            description = "Comparison runs only: participants send UNMASKED updates (they must allow it).")
    boolean noSecagg;

    public ServerOptions() {
        this(RoundPolicy.DEFAULT_ROUNDS);
    }

    /** With another default number of rounds (a simulation's). */
    public ServerOptions(int defaultRounds) {
        rounds = defaultRounds;
    }

    public int rounds() {
        return rounds;
    }

    public String strategy() {
        return strategy;
    }

    public Float serverLearningRate() {
        return serverLr;
    }

    public boolean secureAggregation() {
        return !noSecagg;
    }
}

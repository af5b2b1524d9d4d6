package org.fedvae.coordinator.federation;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long each stage of a round may take: the options {@code serve} and the simulations' {@code run} share. */
public final class DeadlineOptions {

    @Option(
            names = "--stage-timeout",
            paramLabel = "SECONDS",
            description = "Deadline of each key-exchange stage (default: ${DEFAULT-VALUE}).")
    long stageSeconds;

    @Option(
            names = "--training-timeout",
            paramLabel = "SECONDS",
            description = "Deadline of the stage that includes local training (default: ${DEFAULT-VALUE}).")
    long trainingSeconds;

    public DeadlineOptions() {
        this(RoundPolicy.Deadlines.DEFAULT);
    }

    /** With other defaults than the policy's, e.g. a simulation's shorter ones on one machine. */
    public DeadlineOptions(RoundPolicy.Deadlines defaults) {
        stageSeconds = defaults.keyStage().toSeconds();
        trainingSeconds = defaults.training().toSeconds();
    }

    public RoundPolicy.Deadlines deadlines() {
        return new RoundPolicy.Deadlines(Duration.ofSeconds(stageSeconds), Duration.ofSeconds(trainingSeconds));
    }
}

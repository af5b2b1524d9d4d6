package org.fedvae.coordinator.conformance;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code conformance}: the protocol conformance kit, one subcommand per side under test. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Check another implementation of the FedVAE protocol against PROTOCOL.md.",
        subcommands = {ConformanceCoordinatorCommand.class, ConformanceParticipantCommand.class})
public final class ConformanceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}

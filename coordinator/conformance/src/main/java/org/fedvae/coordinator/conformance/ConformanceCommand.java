package org.fedvae.coordinator.conformance;

import org.fedvae.protocol.cli.CliErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the conformance jar ({@code fedvae-conformance}): the protocol conformance kit,
 * one subcommand per side under test. A jar of its own, so the coordinator's serving jar holds
 * no kit code.
 */
@Command(
        name = "fedvae-conformance",
        mixinStandardHelpOptions = true,
        version = "FedVAE conformance kit 0.1.0",
        description = "Check another implementation of the FedVAE protocol against PROTOCOL.md.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ConformanceCoordinatorCommand.class,
            ConformanceParticipantCommand.class
        })
public final class ConformanceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(CliErrors.commandLine(new ConformanceCommand()).execute(args));
    }
}

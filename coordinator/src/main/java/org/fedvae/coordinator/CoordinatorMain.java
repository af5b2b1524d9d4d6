package org.fedvae.coordinator;

import org.fedvae.coordinator.enrol.EnrolCommand;
import org.fedvae.coordinator.federation.ServeCommand;
import org.fedvae.protocol.cli.CliErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the coordinator jar. */
@Command(
        name = "fedvae-coordinator",
        mixinStandardHelpOptions = true,
        version = "FedVAE coordinator 0.1.0",
        description = "The FedVAE coordinator: runs rounds and aggregates masked updates.",
        subcommands = {CommandLine.HelpCommand.class, EnrolCommand.class, ServeCommand.class})
public final class CoordinatorMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(CliErrors.commandLine(new CoordinatorMain()).execute(args));
    }
}

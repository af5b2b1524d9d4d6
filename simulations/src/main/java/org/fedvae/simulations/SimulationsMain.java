package org.fedvae.simulations;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the participant jar: one site of a federation. */
@Command(name = "fedvae-simulations", mixinStandardHelpOptions = true, version = "FedVAE simulations 0.1.0",
        description = "Whole FedVAE federations and baselines on one machine.",
        subcommands = {CommandLine.HelpCommand.class, BenchSecaggCommand.class})
public final class SimulationsMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulationsMain()).execute(args));
    }
}

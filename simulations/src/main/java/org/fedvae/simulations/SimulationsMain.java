package org.fedvae.simulations;

import org.fedvae.participant.runtime.NativeThreads;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.simulations.audit.AuditCommand;
import org.fedvae.simulations.federation.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the simulations jar: federations, baselines and benchmarks on one machine. */
@Command(
        name = "fedvae-simulations",
        mixinStandardHelpOptions = true,
        version = "FedVAE simulations 0.1.0",
        description = "Whole FedVAE federations and baselines on one machine. Without arguments: run.",
        subcommands = {
            CommandLine.HelpCommand.class,
            RunCommand.class,
            CentralizedCommand.class,
            BenchVaeCommand.class,
            BenchSecaggCommand.class,
            GenerateVectorsCommand.class,
            FuzzCommand.class,
            AuditCommand.class
        })
public final class SimulationsMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        NativeThreads.configure();
        if (args.length == 0) {
            args = new String[] {"run"}; // the README's main job
        }
        System.exit(CliErrors.commandLine(new SimulationsMain()).execute(args));
    }
}

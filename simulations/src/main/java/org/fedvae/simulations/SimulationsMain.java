package org.fedvae.simulations;

import org.fedvae.participant.runtime.NativeThreads;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.simulations.federation.RunCommand;
import org.fedvae.simulations.privacy.OneLineUsageErrors;
import org.fedvae.simulations.privacy.PrivacyCommand;
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
            PrivacyCommand.class
        })
public final class SimulationsMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            args = new String[] {"run"}; // the README's main job
        }
        if (!args[0].equals("privacy")) {
            NativeThreads.configure(); // loads ND4J, which the accountant does not need (and would log to stderr)
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line main runs: every subcommand, with the project's error handling. */
    public static CommandLine commandLine() {
        CommandLine cmd = CliErrors.commandLine(new SimulationsMain());
        return cmd.setParameterExceptionHandler(new OneLineUsageErrors(cmd.getParameterExceptionHandler()));
    }
}

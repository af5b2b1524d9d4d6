package org.fedvae.simulations;

import org.fedvae.participant.runtime.NativeThreads;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.simulations.federation.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the simulations jar: federations, baselines and benchmarks on one machine. */
@Command(
        name = "fedvae-simulations",
        mixinStandardHelpOptions = true,
        version = "FedVAE simulations 0.1.0",
        description =
                "Whole FedVAE federations and baselines on one machine. Without a command: run (with its options, if any).",
        subcommands = {
            CommandLine.HelpCommand.class,
            RunCommand.class,
            CentralizedCommand.class,
            BenchVaeCommand.class,
            BenchSecaggCommand.class,
            GenerateVectorsCommand.class,
            FuzzCommand.class
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
        if (args.length == 0 || startsWithRunOption(args[0])) {
            // the README's main job, with its options if any (e.g. --dp-epsilon 8)
            String[] withRun = new String[args.length + 1];
            withRun[0] = "run";
            System.arraycopy(args, 0, withRun, 1, args.length);
            args = withRun;
        }
        System.exit(CliErrors.commandLine(new SimulationsMain()).execute(args));
    }

    /** An option of run's, not one of this command's own (help, version). */
    private static boolean startsWithRunOption(String first) {
        return first.startsWith("--") && !first.equals("--help") && !first.equals("--version");
    }
}

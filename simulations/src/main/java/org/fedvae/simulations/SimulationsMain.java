package org.fedvae.simulations;

import java.util.List;
import org.fedvae.participant.runtime.NativeThreads;
import org.fedvae.protocol.cli.CliErrors;
import org.fedvae.simulations.audit.AuditCommand;
import org.fedvae.simulations.federation.RunCommand;
import org.fedvae.simulations.generated.EvaluateGeneratedCommand;
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
            PrivacyCommand.class,
            AuditCommand.class,
            EvaluateGeneratedCommand.class
        })
public final class SimulationsMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        String[] command = withDefaultCommand(args);
        if (List.of("run", "audit").contains(command[0]) && !List.of(command).contains("--verbose")) {
            RunLogging.holdStartupLines(); // the run's console is for people; these go to its run.log
        }
        if (!command[0].equals("privacy")) {
            NativeThreads.configure(); // loads ND4J, which the accountant does not need (and would log to stderr)
        }
        System.exit(commandLine().execute(command));
    }

    /** The command line main runs: every subcommand, with the project's error handling. */
    public static CommandLine commandLine() {
        CommandLine cmd = CliErrors.commandLine(new SimulationsMain());
        return cmd.setParameterExceptionHandler(new OneLineUsageErrors(cmd.getParameterExceptionHandler()));
    }

    /**
     * The bare jar runs the README's main job, so options given without a command are {@code run}'s
     * ({@code --rounds 3}); the jar's own --help and --version stay its own.
     */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0) {
            return new String[] {"run"};
        }
        boolean ownOption = List.of("-h", "--help", "-V", "--version").contains(args[0]);
        if (args[0].startsWith("-") && !ownOption) {
            String[] withRun = new String[args.length + 1];
            withRun[0] = "run";
            System.arraycopy(args, 0, withRun, 1, args.length);
            return withRun;
        }
        return args;
    }
}

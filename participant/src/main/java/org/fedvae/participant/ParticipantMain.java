package org.fedvae.participant;

import org.fedvae.participant.federation.InitModelCommand;
import org.fedvae.participant.federation.JoinCommand;
import org.fedvae.participant.generate.GenerateCommand;
import org.fedvae.participant.runtime.NativeThreads;
import org.fedvae.protocol.cli.CliErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the participant jar: one site of a federation. */
@Command(
        name = "fedvae-participant",
        mixinStandardHelpOptions = true,
        version = "FedVAE participant 0.1.0",
        description = "One FedVAE site: keeps its images local and trains the shared VAE.",
        subcommands = {CommandLine.HelpCommand.class, JoinCommand.class, InitModelCommand.class, GenerateCommand.class})
public final class ParticipantMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        NativeThreads.configure();
        System.exit(CliErrors.commandLine(new ParticipantMain()).execute(args));
    }
}

package org.fedvae.protocol.cli;

import java.io.IOException;
import picocli.CommandLine;

/**
 * How every FedVAE command reports a failure: bad input (a wrong option value, a missing or
 * corrupt file) is one clear line and exit code 1, not a stack trace; anything unexpected keeps
 * its stack trace, because that is a bug to report.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    public static final int BAD_INPUT = 1;
    public static final int INTERNAL_ERROR = 70; // EX_SOFTWARE in sysexits.h

    /** A command line with this handler installed. */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setExecutionExceptionHandler(new CliErrors());
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println(cmd.getCommandName() + ": error: " + e.getMessage());
            return BAD_INPUT;
        }
        cmd.getErr().println(cmd.getCommandName() + ": internal error (please report): " + e);
        e.printStackTrace(cmd.getErr());
        return INTERNAL_ERROR;
    }
}

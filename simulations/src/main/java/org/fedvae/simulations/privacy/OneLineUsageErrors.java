package org.fedvae.simulations.privacy;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Bad input to a {@code privacy} command (an unparsable number, a value out of range, a missing
 * option) is one line on stderr and exit code 2, without the usage text, so a script calling the
 * accountant sees exactly what was wrong. Other commands keep picocli's usual handling.
 */
public final class OneLineUsageErrors implements IParameterExceptionHandler {

    private final IParameterExceptionHandler others;

    public OneLineUsageErrors(IParameterExceptionHandler others) {
        this.others = others;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) throws Exception {
        CommandLine cmd = e.getCommandLine();
        if (!withinPrivacy(cmd)) {
            return others.handleParseException(e, args);
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + e.getMessage() + " (see --help)");
        cmd.getErr().flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static boolean withinPrivacy(CommandLine cmd) {
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof PrivacyCommand) {
                return true;
            }
        }
        return false;
    }
}

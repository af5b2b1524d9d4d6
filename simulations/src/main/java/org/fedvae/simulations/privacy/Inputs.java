package org.fedvae.simulations.privacy;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Input checks of the privacy commands: a failed one is a usage error, exit code 2. */
final class Inputs {

    private Inputs() {}

    static void check(CommandLine cmd, boolean valid, String message) {
        if (!valid) {
            throw new ParameterException(cmd, message);
        }
    }

    static double delta(CommandLine cmd, double delta) {
        check(cmd, delta > 0 && delta < 1, "--delta must be in (0, 1), got " + delta);
        return delta;
    }
}

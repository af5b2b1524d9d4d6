package org.fedvae.simulations.privacy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code privacy}: the RDP accountant of DP-SGD on the command line. */
@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        description = {
            "The privacy accountant of DP-SGD: Renyi DP of the Poisson-subsampled Gaussian mechanism"
                    + " (Mironov, Talwar, Zhang 2019), composed over steps, converted to (epsilon, delta).",
            "Every Renyi order is computed exactly: integer orders by the binomial sum, fractional orders by"
                    + " numerical integration (Google's dp_accounting reports a slightly larger upper bound at"
                    + " fractional orders). Each subcommand prints one JSON line; bad input exits with code 2."
        },
        subcommands = {EpsilonCommand.class, RdpCommand.class, SigmaCommand.class})
public final class PrivacyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package org.fedvae.simulations.audit;

import java.util.Optional;
import picocli.CommandLine.Option;

/** A guarantee to check the attacks against, given explicitly (until, or instead of, run's DP options). */
final class ClaimOptions {

    @Option(
            names = "--claimed-epsilon",
            description = "Check the attacks against this epsilon (needs --claimed-delta).")
    Double epsilon;

    @Option(names = "--claimed-delta", description = "The delta of --claimed-epsilon.")
    Double delta;

    /**
     * The explicit claim if given, else what run's DP options ask for.
     *
     * @throws IllegalArgumentException for half a claim or values out of range
     */
    Optional<ForwardedRunOptions.Claim> resolve(ForwardedRunOptions run) {
        if (epsilon == null && delta == null) {
            return run.claimed();
        }
        if (epsilon == null || delta == null) {
            throw new IllegalArgumentException("--claimed-epsilon and --claimed-delta go together");
        }
        if (!(epsilon >= 0) || epsilon.isInfinite() || !(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException(
                    "need --claimed-epsilon >= 0 and --claimed-delta in [0, 1), got " + epsilon + " and " + delta);
        }
        return Optional.of(new ForwardedRunOptions.Claim(epsilon, delta, "--claimed-epsilon/--claimed-delta"));
    }
}

package org.fedvae.simulations.federation;

import org.fedvae.participant.federation.ClientDpOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}'s client-level DP options: every site's budget and the clip the coordinator declares. */
public final class ClientDpRunOptions {

    /** The clip of a site's delta unless --client-dp-clip says otherwise (docs/PRIVACY.md). */
    public static final double DEFAULT_CLIP = 1.0;

    @Mixin
    ClientDpOptions budget = new ClientDpOptions();

    @Option(
            names = "--client-dp-clip",
            paramLabel = "C",
            defaultValue = "1.0",
            description = "L2 norm each site's model delta is clipped to in client-level DP rounds "
                    + "(default: ${DEFAULT-VALUE}).")
    double clip = DEFAULT_CLIP;

    /** The settings, or null without --client-dp-epsilon. */
    ClientDpRun run() {
        return budget.enabled() ? new ClientDpRun(budget.budget(), clip) : null;
    }
}

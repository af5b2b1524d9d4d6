package org.fedvae.participant.federation;

import picocli.CommandLine.Option;

/**
 * A site's client-level DP budget on the command line, shared by {@code join} and the simulations'
 * {@code run} (which gives every simulated site the same budget). Off unless
 * {@code --client-dp-epsilon} is given.
 */
public final class ClientDpOptions {

    @Option(
            names = "--client-dp-epsilon",
            paramLabel = "E",
            description = "Take part only in client-level DP rounds (distributed discrete Gaussian in the masked sum) "
                    + "whose declared noise keeps this site's whole contribution within epsilon E over the "
                    + "federation; spending is kept in the state folder. Off by default.")
    Double epsilon;

    @Option(
            names = "--client-dp-delta",
            paramLabel = "D",
            defaultValue = "1e-5",
            description = "Delta of the client-level guarantee (default: ${DEFAULT-VALUE}).")
    double delta = 1e-5;

    @Option(
            names = "--client-dp-assume-corrupt",
            paramLabel = "K",
            defaultValue = "0",
            description = "Cohort members assumed to collude with the coordinator (their noise share may be "
                    + "missing): a round's noise must count on at most threshold - K contributors "
                    + "(default: ${DEFAULT-VALUE}).")
    int assumedCorrupt;

    public boolean enabled() {
        return epsilon != null;
    }

    /** The budget, or null without {@code --client-dp-epsilon}. */
    public ClientDpBudget budget() {
        return epsilon == null ? null : new ClientDpBudget(epsilon, delta, assumedCorrupt);
    }
}

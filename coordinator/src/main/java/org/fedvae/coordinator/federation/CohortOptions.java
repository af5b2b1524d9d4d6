package org.fedvae.coordinator.federation;

import picocli.CommandLine.Option;

/**
 * Who takes part in a round: the options {@code serve} and the simulations' {@code run} share.
 * The minimum to start is not here: {@code serve} asks for it, a simulation waits for all its sites.
 */
public final class CohortOptions {

    @Option(
            names = "--cohort-size",
            description = "Participants per round; 0 uses --cohort-fraction (default: ${DEFAULT-VALUE}).")
    int size = RoundPolicy.Cohort.DEFAULT.size();

    @Option(
            names = {"--cohort-fraction", "--cohort"},
            description = "Share of the connected participants per round " + "(default: ${DEFAULT-VALUE}).")
    double fraction = RoundPolicy.Cohort.DEFAULT.fraction();

    @Option(
            names = "--threshold",
            description = "The fewest members every stage of a round needs; more than half of "
                    + "--cohort-size and at most all of it (default: 0, floor(2n/3)+1 for a cohort of n).")
    int threshold = RoundPolicy.Cohort.DEFAULT.threshold();

    @Option(
            names = "--max-cohort",
            description = "The largest cohort a round selects (n_max; the transport's per-message bounds grow with it;"
                    + " above 255 rounds use the SecAgg+ sparse graph, and participants need --max-cohort as large)"
                    + " (default: 255, or --cohort-size if larger).")
    Integer maxSize;

    /** The cohort settings, checked; a round starts once {@code minParticipants} are connected. */
    public RoundPolicy.Cohort cohort(int minParticipants) {
        return cohort(minParticipants, RoundPolicy.Cohort.DEFAULT_MAX_SIZE);
    }

    /** As {@link #cohort(int)}, with {@code defaultMax} (or --cohort-size if larger) unless --max-cohort is given. */
    public RoundPolicy.Cohort cohort(int minParticipants, int defaultMax) {
        int max = maxSize != null ? maxSize : Math.max(defaultMax, size);
        return new RoundPolicy.Cohort(minParticipants, size, fraction, threshold, max);
    }
}

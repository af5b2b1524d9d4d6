package org.fedvae.coordinator.federation;

import java.util.List;

/** How a round's aggregation ended: the survivors' weighted average update, or an abort. */
sealed interface RoundOutcome {

    /** @param averageDelta the sample-weighted average of the survivors' (clipped) deltas */
    record Completed(float[] averageDelta, List<String> survivors) implements RoundOutcome {
        public Completed {
            survivors = List.copyOf(survivors);
        }
    }

    record Aborted(String reason) implements RoundOutcome {
    }
}

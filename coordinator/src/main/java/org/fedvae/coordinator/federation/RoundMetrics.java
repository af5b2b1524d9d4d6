package org.fedvae.coordinator.federation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one round did, for the log line, metrics.csv and listeners.
 *
 * @param roundId           the round's id (1, 2, ...; a resumed run continues the numbering)
 * @param secureAggregation false for a --no-secagg comparison round
 * @param cohort            the selected participants, sorted
 * @param threshold         the fewest participants the round needed at every stage
 * @param survivors         the participants whose updates are in the aggregate (empty if aborted)
 * @param abortReason       why the round aborted; empty if it completed
 * @param testLoss          the sample-weighted mean of the participants' local test losses of the
 *                          global model they received (federated evaluation); NaN without reports
 * @param testSamples       the test images those losses cover
 * @param clippedCoordinates coordinates clipped when encoding, summed over the participants' reports
 * @param bytesIn           envelope bytes received from all participants during the round
 * @param bytesOut          envelope bytes sent to all participants during the round
 * @param stageSeconds      seconds per stage, in stage order
 * @param seconds           the whole round, from cohort selection to the checkpoint
 */
public record RoundMetrics(long roundId, boolean secureAggregation, List<String> cohort, int threshold,
                           List<String> survivors, Optional<String> abortReason, double testLoss, long testSamples,
                           long clippedCoordinates, long bytesIn, long bytesOut, Map<String, Double> stageSeconds,
                           double seconds) {

    public RoundMetrics {
        cohort = List.copyOf(cohort);
        survivors = List.copyOf(survivors);
        stageSeconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageSeconds));
    }

    public boolean completed() {
        return abortReason.isEmpty();
    }
}

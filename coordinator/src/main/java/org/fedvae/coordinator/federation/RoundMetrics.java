package org.fedvae.coordinator.federation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedvae.protocol.encoding.EncodingConfig;

/**
 * What one round did, for the log line, metrics.csv and listeners.
 *
 * @param roundId           the round's id (1, 2, ...; a resumed run continues the numbering)
 * @param secureAggregation false for a --no-secagg comparison round
 * @param cohort            the selected participants, sorted
 * @param threshold         the fewest participants the round needed at every stage
 * @param survivors         the participants whose updates are in the aggregate (empty if aborted)
 * @param abort             why the round aborted; empty if it completed
 * @param encoding          the fixed-point encoding the round used (the one its RoundStart announced);
 *                          empty for a round a crash interrupted
 * @param totalWeight       the survivors' summed weights, by which the sum was divided (0 if aborted)
 * @param testLoss          the sample-weighted mean of the survivors' local test losses of the
 *                          global model they received (federated evaluation), decoded from the
 *                          trailer words of the unmasked sum (total loss sum / total count, within
 *                          {@code EncodingConfig.evaluationBound}); NaN if aborted or none evaluated
 * @param testSamples       the test images those losses cover (each site's count capped at maxWeight)
 * @param clippedCoordinates coordinates clipped when encoding, summed over the survivors (from the sum)
 * @param bytesIn           envelope bytes received from all participants during the round
 * @param bytesOut          envelope bytes sent to all participants during the round
 * @param stageSeconds      seconds per stage, in stage order
 * @param seconds           the whole round, from cohort selection to the end of aggregation
 */
public record RoundMetrics(
        long roundId,
        boolean secureAggregation,
        List<String> cohort,
        int threshold,
        List<String> survivors,
        Optional<RoundAbort> abort,
        Optional<EncodingConfig> encoding,
        long totalWeight,
        double testLoss,
        long testSamples,
        long clippedCoordinates,
        long bytesIn,
        long bytesOut,
        Map<String, Double> stageSeconds,
        double seconds) {

    public RoundMetrics {
        cohort = List.copyOf(cohort);
        survivors = List.copyOf(survivors);
        stageSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(stageSeconds));
    }

    /** A round a crash cut short: it shows up as aborted, so the numbering has no silent gap. */
    static RoundMetrics interrupted(long roundId, boolean secureAggregation) {
        return new RoundMetrics(
                roundId,
                secureAggregation,
                List.of(),
                0,
                List.of(),
                Optional.of(
                        new RoundAbort(RoundAbort.Cause.INTERRUPTED, "", "the coordinator stopped during the round")),
                Optional.empty(),
                0,
                Double.NaN,
                0,
                0,
                0,
                0,
                Map.of(),
                Double.NaN);
    }

    public boolean completed() {
        return abort.isEmpty();
    }

    /** The abort as one line ("BELOW_THRESHOLD in advertise_keys: ..."); empty if the round completed. */
    public Optional<String> abortReason() {
        return abort.map(RoundAbort::toString);
    }
}

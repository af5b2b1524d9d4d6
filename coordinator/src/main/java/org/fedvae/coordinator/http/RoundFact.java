package org.fedvae.coordinator.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fedvae.coordinator.federation.RoundAbort;
import org.fedvae.coordinator.federation.RoundMetrics;

/**
 * One finished round as the dashboard shows it: the coordinator's aggregates only (counts, the
 * federated loss, traffic, times, the abort), never who survived or dropped.
 *
 * @param testLoss the new global model's loss on a central test set, where someone has one (a
 *                 simulation); NaN otherwise
 */
public record RoundFact(
        long round,
        boolean completed,
        boolean secureAggregation,
        int cohort,
        int threshold,
        int survivors,
        double federatedTestLoss,
        long testSamples,
        double testLoss,
        long bytesIn,
        long bytesOut,
        long clippedCoordinates,
        double seconds,
        Map<String, Double> stageSeconds,
        RoundAbort abort) {

    public RoundFact {
        stageSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(stageSeconds)); // in stage order
    }

    static RoundFact of(RoundMetrics m) {
        return new RoundFact(
                m.roundId(),
                m.completed(),
                m.secureAggregation(),
                m.cohort().size(),
                m.threshold(),
                m.survivors().size(),
                m.testLoss(),
                m.testSamples(),
                Double.NaN,
                m.bytesIn(),
                m.bytesOut(),
                m.clippedCoordinates(),
                m.seconds(),
                m.stageSeconds(),
                m.abort().orElse(null));
    }

    RoundFact withTestLoss(double loss) {
        return new RoundFact(
                round,
                completed,
                secureAggregation,
                cohort,
                threshold,
                survivors,
                federatedTestLoss,
                testSamples,
                loss,
                bytesIn,
                bytesOut,
                clippedCoordinates,
                seconds,
                stageSeconds,
                abort);
    }
}

package org.fedvae.coordinator.http;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.fedvae.coordinator.federation.RoundAbort;

/** Sums over the finished rounds: what /metrics exports as counters and /api/status as totals. */
record RoundTotals(
        long completed,
        long aborted,
        Map<RoundAbort.Cause, Long> abortsByCause,
        long bytesIn,
        long bytesOut,
        long clippedCoordinates,
        double seconds,
        long timedRounds) {

    static RoundTotals of(List<RoundFact> rounds) {
        Map<RoundAbort.Cause, Long> causes = new EnumMap<>(RoundAbort.Cause.class);
        for (RoundAbort.Cause c : RoundAbort.Cause.values()) {
            causes.put(c, 0L); // every cause present, so a scraper sees a series from the start
        }
        long completed = 0, bytesIn = 0, bytesOut = 0, clipped = 0, timed = 0;
        double seconds = 0;
        for (RoundFact r : rounds) {
            if (r.completed()) {
                completed++;
            } else {
                causes.merge(r.abort().cause(), 1L, Long::sum);
            }
            bytesIn += r.bytesIn();
            bytesOut += r.bytesOut();
            clipped += r.clippedCoordinates();
            if (Double.isFinite(r.seconds())) {
                seconds += r.seconds();
                timed++;
            }
        }
        return new RoundTotals(
                completed, rounds.size() - completed, causes, bytesIn, bytesOut, clipped, seconds, timed);
    }
}

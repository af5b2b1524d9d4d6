package org.fedvae.coordinator.federation;

import java.util.List;
import java.util.Objects;
import org.fedvae.protocol.encoding.EncodingConfig;

/**
 * How a round's aggregation ended: the survivors' weighted average update with what produced it,
 * or an abort. Whoever needs the encoding or weights of a round reads them here (or from
 * {@link RoundMetrics}), never by planning the encoding again.
 */
sealed interface RoundOutcome {

    /**
     * @param averageDelta the sample-weighted average of the survivors' (clipped) deltas
     * @param survivors    the members whose updates are in the sum, sorted
     * @param encoding     the fixed-point encoding the round used
     * @param totalWeight  the sum of the survivors' weights (the sum's last word)
     */
    record Completed(float[] averageDelta, List<String> survivors, EncodingConfig encoding, long totalWeight)
            implements RoundOutcome {
        public Completed {
            survivors = List.copyOf(survivors);
            Objects.requireNonNull(encoding, "encoding");
        }
    }

    record Aborted(RoundAbort abort) implements RoundOutcome {
        public Aborted {
            Objects.requireNonNull(abort, "abort");
        }
    }
}

package org.fedvae.coordinator.federation;

import java.util.List;
import java.util.Objects;
import org.fedvae.protocol.encoding.CohortEvaluation;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.encoding.ddp.DdpDecoder;
import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.encoding.ddp.RotationSeed;
import org.fedvae.protocol.secagg.RoundConfig;

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
     * @param totalWeight  the sum of the survivors' weights (the sum's weight word)
     * @param evaluation   the survivors' evaluation and clip totals, from the sum's trailer words
     */
    record Completed(
            float[] averageDelta,
            List<String> survivors,
            EncodingConfig encoding,
            long totalWeight,
            CohortEvaluation evaluation)
            implements RoundOutcome {
        public Completed {
            survivors = List.copyOf(survivors);
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(evaluation, "evaluation");
        }

        /** Decodes an unmasked (or plain) sum: the average update and the trailer totals. */
        static Completed decode(int[] sum, List<String> survivors, EncodingConfig encoding) {
            float[] average = UpdateDecoder.decodeAverage(sum, encoding);
            CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, encoding);
            long weight = Integer.toUnsignedLong(sum[VectorLayout.dimension(sum.length) + VectorLayout.WEIGHT]);
            return new Completed(average, survivors, encoding, weight, evaluation);
        }

        /**
         * Decodes the unmasked sum of a client-level DP round: the noisy equal-weight average
         * ({@link DdpDecoder}) and the trailer totals; the weight is the survivor count.
         */
        static Completed decodeClientDp(int[] sum, List<String> survivors, RoundConfig config, DdpParameters dp) {
            float[] average = DdpDecoder.decodeAverage(sum, dp, RotationSeed.of(config.roundId(), config.digest()));
            CohortEvaluation evaluation = UpdateDecoder.decodeEvaluation(sum, config.encoding());
            long weight = Integer.toUnsignedLong(sum[VectorLayout.dimension(sum.length) + VectorLayout.WEIGHT]);
            if (weight != survivors.size()) {
                throw new IllegalArgumentException(
                        "the weight word " + weight + " is not the survivor count " + survivors.size());
            }
            return new Completed(average, survivors, config.encoding(), weight, evaluation);
        }
    }

    record Aborted(RoundAbort abort) implements RoundOutcome {
        public Aborted {
            Objects.requireNonNull(abort, "abort");
        }
    }
}

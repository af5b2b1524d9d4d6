package org.fedvae.coordinator.federation;

import org.fedvae.protocol.encoding.ddp.DdpParameters;
import org.fedvae.protocol.encoding.ddp.DdpPlanner;

/**
 * Client-level DP rounds (docs/PROTOCOL.md, section 7.1): what the operator fixes, the clip of
 * each participant's delta and the noise on the sum; each round's parameters follow from its
 * cohort. The noise counts on the round's threshold as contributors: no honest participant lets
 * fewer survivors be unmasked. Each participant checks the result against its own budget.
 *
 * @param clip        L2 clip C of a participant's delta
 * @param noiseStddev sigma: the noise standard deviation on the sum (model units)
 */
public record ClientDpPolicy(double clip, double noiseStddev) {

    public ClientDpPolicy {
        if (!(clip > 0 && clip < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("client-level DP clip must be positive and finite, got " + clip);
        }
        if (!(noiseStddev > 0 && noiseStddev < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("client-level DP noise must be positive and finite, got " + noiseStddev);
        }
    }

    /** The length the round masks for a model of {@code dimension} coordinates. */
    static int paddedLength(int dimension) {
        int block = DdpPlanner.blockSize(dimension);
        return (int) (((long) dimension + block - 1) / block * block);
    }

    /** A round's parameters: modular-clipping probability at most 1e-4 for the whole cohort. */
    DdpParameters plan(int dimension, int cohortSize, int threshold) {
        return DdpPlanner.plan(
                dimension, clip, noiseStddev, threshold, cohortSize, DdpPlanner.DEFAULT_CLIPPING_PROBABILITY);
    }
}

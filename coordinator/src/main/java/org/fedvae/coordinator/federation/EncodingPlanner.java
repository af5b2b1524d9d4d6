package org.fedvae.coordinator.federation;

import org.fedvae.protocol.encoding.EncodingConfig;

/**
 * Chooses a round's fixed-point encoding from its cohort size: the operator fixes the clip
 * range and the weight cap, and the planner takes the finest scale (most scale bits) whose
 * largest possible cohort sum still cannot wrap ({@link EncodingConfig} proves that). A larger
 * cohort thus gets a coarser step per participant, but the decoded average's error bound,
 * n / (total weight * 2^scaleBits), stays about the same.
 */
public final class EncodingPlanner {

    private EncodingPlanner() {}

    /**
     * @throws IllegalArgumentException if even scale 0 could wrap for this cohort (lower the
     *     weight cap or the clip range)
     */
    public static EncodingConfig plan(int cohortSize, float clipRange, int maxWeight) {
        IllegalArgumentException last = null;
        for (int bits = EncodingConfig.MAX_SCALE_BITS; bits >= 0; bits--) {
            try {
                return new EncodingConfig(clipRange, bits, maxWeight, cohortSize);
            } catch (IllegalArgumentException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("no fixed-point scale fits a cohort of " + cohortSize + " with clip range "
                + clipRange + " and weight cap " + maxWeight + ": " + (last == null ? "" : last.getMessage()));
    }
}

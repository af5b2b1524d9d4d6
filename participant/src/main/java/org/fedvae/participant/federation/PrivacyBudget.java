package org.fedvae.participant.federation;

/**
 * A site's own differential-privacy budget for DP-SGD, set by its operator, never by the
 * coordinator: every image of the site is protected with (epsilon, delta) over the whole
 * federation, however many rounds the coordinator runs and whatever its training plans ask.
 *
 * @param epsilon        the total epsilon this site may spend
 * @param delta          the delta of the guarantee (well below 1 / number of images)
 * @param clipNorm       C: each image's gradient is clipped to L2 norm C
 * @param batchSize      the expected batch: each image joins a step with rate batchSize / images
 * @param plannedRounds  the rounds this site plans to train in; the noise is calibrated so that
 *                       all of them together spend epsilon, and a round beyond the budget is declined
 * @param epochsPerRound local epochs per round the noise is calibrated for; null: those of the
 *                       first round's training plan, recorded in the ledger then and never changed
 */
public record PrivacyBudget(
        double epsilon, double delta, double clipNorm, int batchSize, int plannedRounds, Integer epochsPerRound) {

    public PrivacyBudget {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("--dp-epsilon must be finite and > 0, got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("--dp-delta must be in (0, 1), got " + delta);
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("--dp-clip must be finite and > 0, got " + clipNorm);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--dp-batch-size must be positive, got " + batchSize);
        }
        if (plannedRounds < 1) {
            throw new IllegalArgumentException("--dp-planned-rounds must be positive, got " + plannedRounds);
        }
        if (epochsPerRound != null && epochsPerRound < 1) {
            throw new IllegalArgumentException("--dp-epochs-per-round must be positive, got " + epochsPerRound);
        }
    }
}

package org.fedvae.participant.federation;

/**
 * One round's local update as the participant computed it.
 *
 * @param delta        local weights after training minus the round's global weights
 * @param weight       the training sample count (before the round's weight cap)
 * @param encoded      the fixed-point encoding (delta clipped, weighted, rounded; then the trailer:
 *                     capped weight, evaluation loss sum and count, clip count) that secure
 *                     aggregation then masks
 * @param clipped      coordinates clipped by the encoding
 * @param testLoss     the global model's mean loss on the local test set (leaves the site only
 *                     inside {@code encoded})
 * @param testSamples  the local test images it covers
 * @param trainLoss    mean training loss of the last local epoch
 */
public record LocalUpdate(
        long roundId,
        float[] delta,
        int weight,
        int[] encoded,
        int clipped,
        double testLoss,
        int testSamples,
        double trainLoss) {}

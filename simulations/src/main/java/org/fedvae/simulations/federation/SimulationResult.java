package org.fedvae.simulations.federation;

import java.util.List;
import org.fedvae.protocol.model.ModelParameters;

/**
 * What a finished simulation measured.
 *
 * @param rounds                 every round in order
 * @param firstRoundModel        the global model after round 1 (for the --no-secagg comparison)
 * @param finalModel             the global model after the last round
 * @param wallSeconds            from the first site's start to the end of the last round
 * @param heapBytesPerParticipant JVM heap the in-process sites took, each (0 with --processes)
 * @param roundOneQuantizationBound how far round 1's decoded average may be from the exact one
 */
public record SimulationResult(
        List<RoundRecord> rounds,
        ModelParameters firstRoundModel,
        ModelParameters finalModel,
        double wallSeconds,
        long heapBytesPerParticipant,
        double roundOneQuantizationBound) {

    public double finalTestLoss() {
        return rounds.isEmpty() ? Double.NaN : rounds.get(rounds.size() - 1).centralTestLoss();
    }

    long abortedRounds() {
        return rounds.stream().filter(r -> !r.metrics().completed()).count();
    }

    long droppedTotal() {
        return rounds.stream().mapToLong(RoundRecord::dropped).sum();
    }

    /** Mean bytes one selected participant sent in a round. */
    double bytesUpPerParticipantRound() {
        return rounds.stream()
                .mapToDouble(r ->
                        (double) r.metrics().bytesIn() / r.metrics().cohort().size())
                .average()
                .orElse(Double.NaN);
    }
}

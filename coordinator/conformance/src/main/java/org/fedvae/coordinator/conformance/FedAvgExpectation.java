package org.fedvae.coordinator.conformance;

import java.util.List;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.model.ModelParameters;

/**
 * What a coordinator's next global model must be after a round: the previous model plus the
 * FedAvg (server learning rate 1) of exactly the updates that should count, within the
 * encoding's quantization bound (PROTOCOL.md, section 7).
 */
final class FedAvgExpectation {

    private FedAvgExpectation() {}

    /** The new model is the old one plus the FedAvg of {@code counted}, within the quantization bound. */
    static String failure(List<KitParticipant.Update> counted, ModelParameters next) {
        ModelParameters before = counted.get(0).global();
        EncodingConfig enc = counted.get(0).config().encoding();
        if (next.size() != before.size()) {
            return "the new model has " + next.size() + " values, not " + before.size();
        }
        double[] weighted = new double[before.size()];
        long total = 0;
        float c = enc.clipRange();
        for (KitParticipant.Update u : counted) {
            int w = Math.min(u.weight(), enc.maxWeight());
            total += w;
            for (int i = 0; i < weighted.length; i++) {
                weighted[i] += (double) w * Math.max(-c, Math.min(c, u.delta()[i]));
            }
        }
        double bound = enc.quantizationBound(counted.size(), total);
        for (int i = 0; i < weighted.length; i++) {
            double expected = before.get(i) + weighted[i] / total;
            if (Math.abs(next.get(i) - expected) > bound + Math.ulp((float) expected)) {
                return "coordinate " + i + " of the new model is " + next.get(i) + ", the FedAvg of the "
                        + counted.size() + " counted updates gives " + expected + " (bound " + bound + ")";
            }
        }
        return null;
    }
}

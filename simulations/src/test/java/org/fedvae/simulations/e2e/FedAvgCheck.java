package org.fedvae.simulations.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.fedvae.participant.federation.LocalUpdate;
import org.fedvae.protocol.encoding.EncodingConfig;
import org.fedvae.protocol.encoding.UpdateDecoder;
import org.fedvae.protocol.encoding.VectorLayout;
import org.fedvae.protocol.model.ModelParameters;

/** What a round's new global model must be, computed from the survivors' own updates. */
final class FedAvgCheck {

    private FedAvgCheck() {}

    /**
     * The secure sum is exact: the new model is the old one plus the decoded sum of exactly the
     * survivors' plain encodings, bit for bit (plain FedAvg, server learning rate 1).
     */
    static void assertExactSecureSum(
            ModelParameters before, ModelParameters after, Collection<LocalUpdate> survivors, EncodingConfig encoding) {
        int[] sum = new int[VectorLayout.wordCount(before.size())];
        for (LocalUpdate u : survivors) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += u.encoded()[i];
            }
        }
        float[] average = UpdateDecoder.decodeAverage(sum, encoding);
        float[] expected = before.toFlatArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += 1f * average[i];
        }
        assertTrue(
                ModelParameters.of(before.spec(), expected).bitEquals(after),
                "the new global model is not the old one plus the decoded sum of the survivors' encoded updates");
    }

    /**
     * Against plain floating-point FedAvg of the survivors' clipped deltas, weighted by their
     * capped sample counts: equal within the encoding's quantization bound (plus float rounding
     * of the final addition). Returns the largest error seen.
     */
    static double assertWithinQuantization(
            ModelParameters before, ModelParameters after, Collection<LocalUpdate> survivors, EncodingConfig encoding) {
        int n = before.size();
        double[] weighted = new double[n];
        long totalWeight = 0;
        float c = encoding.clipRange();
        for (LocalUpdate u : survivors) {
            int w = Math.min(u.weight(), encoding.maxWeight());
            totalWeight += w;
            for (int i = 0; i < n; i++) {
                weighted[i] += (double) w * Math.max(-c, Math.min(c, u.delta()[i]));
            }
        }
        double bound = encoding.quantizationBound(survivors.size(), totalWeight);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double expected = before.get(i) + weighted[i] / totalWeight;
            double err = Math.abs(after.get(i) - expected);
            worst = Math.max(worst, err);
            double allowed = bound + Math.ulp((float) expected);
            if (err > allowed) {
                assertEquals(
                        expected,
                        after.get(i),
                        allowed,
                        "coordinate " + i + " is off by more than the quantization bound");
            }
        }
        return worst;
    }
}

package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fused ND4J update against a plain transcription of torch.optim.Adam's step. */
class VaeAdamTest {

    @Test
    void matchesPyTorchAdamStepByStep() {
        int n = 50;
        double lr = 1e-3;
        SplittableRandom rng = new SplittableRandom(3);
        double[] p = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextGaussian();
        }
        INDArray params = Nd4j.createFromArray(p.clone());
        Adam adam = new Adam(params, lr);
        for (int t = 1; t <= 30; t++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                // include tiny gradients, where eps matters
                g[i] = i % 10 == 0 ? 1e-9 * rng.nextGaussian() : rng.nextGaussian();
            }
            adam.step(params, Nd4j.createFromArray(g.clone()));
            double bc1 = 1 - Math.pow(Adam.BETA1, t);
            double bc2 = 1 - Math.pow(Adam.BETA2, t);
            for (int i = 0; i < n; i++) {
                m[i] = Adam.BETA1 * m[i] + (1 - Adam.BETA1) * g[i];
                v[i] = Adam.BETA2 * v[i] + (1 - Adam.BETA2) * g[i] * g[i];
                double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + Adam.EPSILON;
                p[i] -= lr / bc1 * m[i] / denom;
            }
        }
        assertEquals(DataType.DOUBLE, params.dataType());
        for (int i = 0; i < n; i++) {
            assertEquals(p[i], params.getDouble(i), 1e-12, "parameter " + i);
        }
        adam.reset();
        assertEquals(0, adam.steps());
    }
}

package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every analytic gradient against central finite differences, in DOUBLE, with fixed noise. */
class VaeGradientCheckTest {

    private static final int ROWS = 5;
    private static final double H = 1e-6;

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.35})
    void analyticGradientsMatchFiniteDifferences(double beta) {
        check(new VaeConfig(12, 7, 3, beta, 1e-3, ROWS, 42));
    }

    /** The conditional VAE: the label columns of enc.fc1 and dec.fc1 too; every class but one present. */
    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.35})
    void conditionalGradientsMatchFiniteDifferences(double beta) {
        check(new VaeConfig(12, 7, 3, beta, 1e-3, ROWS, 42, 4));
    }

    private static void check(VaeConfig config) {
        Vae vae = new Vae(config, DataType.DOUBLE);
        SplittableRandom rng = new SplittableRandom(7);
        float[] pixels = new float[ROWS * config.inputSize()];
        for (int i = 0; i < pixels.length; i++) {
            // mostly near 0 or 1 like real images, some grey
            pixels[i] = i % 3 == 0 ? (float) rng.nextDouble() : (rng.nextBoolean() ? 1f : 0f);
        }
        float[] noise = new float[ROWS * config.latentSize()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        VaeBatchPass pass = vae.pass(ROWS);
        pass.loadImages(pixels);
        if (config.conditional()) {
            pass.loadLabels(new int[] {2, 0, 1, 2, 0}); // class 3 absent
        }
        pass.loadNoise(noise);
        pass.forward(vae.tensors());
        pass.backward(vae.tensors(), vae.gradients(), 1.0 / ROWS);
        double[] analytic = NdCopy.readDoubles(vae.gradients().flat, vae.spec().totalSize());

        INDArray flat = vae.tensors().flat;
        ModelSpec spec = vae.spec();
        List<String> failures = new ArrayList<>();
        for (TensorSpec t : spec.tensors()) {
            int off = spec.offsetOf(t.name());
            double norm = 0;
            for (int i = off; i < off + t.size(); i++) {
                double saved = flat.getDouble(i);
                flat.putScalar(i, saved + H);
                double plus = meanLoss(pass, vae);
                flat.putScalar(i, saved - H);
                double minus = meanLoss(pass, vae);
                flat.putScalar(i, saved);
                double numeric = (plus - minus) / (2 * H);
                norm += numeric * numeric;
                if (Math.abs(analytic[i] - numeric) > 1e-7 + 1e-5 * Math.abs(numeric)) {
                    failures.add(t.name() + "[" + (i - off) + "]: analytic " + analytic[i] + ", numeric " + numeric);
                }
            }
            // a gradient that is zero everywhere would pass trivially; these never are
            assertTrue(Math.sqrt(norm) > 1e-3, t.name() + " has a vanishing gradient: " + Math.sqrt(norm));
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " mismatches, first: " + failures.subList(0, Math.min(5, failures.size())));
    }

    private static double meanLoss(VaeBatchPass pass, Vae vae) {
        pass.forward(vae.tensors());
        return pass.lossSum() / ROWS;
    }
}

package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fedvae.protocol.model.ModelParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float pass (the one that trains: {@link FloatPassLoops}, {@link FloatPixelLoss}'s own exp
 * and log1p) against the double pass the gradient checks verify, on the same model, images and
 * noise: loss and every gradient agree to float precision. Logits span about +-40, beyond where
 * exp(-|l|) nears float's smallest normal, through the scaled-up weights.
 */
class FloatPassTest {

    private static final int ROWS = 9;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void floatPassAgreesWithTheCheckedDoublePass(long seed) {
        VaeConfig config = new VaeConfig(37, 16, 4, 0.7, 1e-3, ROWS, seed);
        Vae single = new Vae(config, DataType.FLOAT);
        Vae reference = new Vae(config, DataType.DOUBLE);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] params = new float[single.spec().totalSize()];
        single.parameters().copyInto(params);
        float widen = 1 + 8 * (float) rng.nextDouble(); // larger logits, both signs
        for (int i = 0; i < params.length; i++) {
            params[i] *= widen;
        }
        single.setParameters(ModelParameters.of(single.spec(), params));
        reference.setParameters(ModelParameters.of(reference.spec(), params));
        float[] pixels = new float[ROWS * config.inputSize()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i % 4 == 0 ? (float) rng.nextDouble() : (rng.nextBoolean() ? 1f : 0f);
        }
        float[] noise = new float[ROWS * config.latentSize()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        double[] lossF = run(single, pixels, noise);
        double[] lossD = run(reference, pixels, noise);
        String context = "seed " + seed;
        assertEquals(lossD[0], lossF[0], 1e-5 * Math.abs(lossD[0]), "loss, " + context);
        int n = single.spec().totalSize();
        double[] gF = NdCopy.readDoubles(single.gradients().flat, n);
        double[] gD = NdCopy.readDoubles(reference.gradients().flat, n);
        double scale = 0;
        for (double g : gD) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertTrue(scale > 0, "a vanishing gradient, " + context);
        for (int i = 0; i < n; i++) {
            assertEquals(gD[i], gF[i], 1e-6 * scale + 1e-4 * Math.abs(gD[i]), "gradient " + i + ", " + context);
        }
    }

    @Test
    void loopsRefuseArraysOfDifferentWidths() {
        PassLoops loops = PassLoops.of(DataType.FLOAT, 4 * 12);
        INDArray logits = Nd4j.zeros(DataType.FLOAT, 4, 10);
        INDArray wider = Nd4j.zeros(DataType.FLOAT, 4, 12);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> loops.pixelLoss(logits, wider, 4));
        assertTrue(e.getMessage().contains("differ in width"), e.getMessage());
    }

    private static double[] run(Vae vae, float[] pixels, float[] noise) {
        VaeBatchPass pass = vae.pass(ROWS);
        pass.loadImages(pixels);
        pass.loadNoise(noise);
        pass.forward(vae.tensors());
        double loss = pass.lossSum();
        pass.backward(vae.tensors(), vae.gradients(), 1.0 / ROWS);
        return new double[] {loss};
    }
}

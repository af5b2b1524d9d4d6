package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.fedvae.participant.data.ImageSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DP-SGD's gradient against brute force, in DOUBLE: per-image norms from the norm trick against
 * one-image backward passes; the clipped sum against the sum of individually clipped gradients;
 * without noise and clipping, DP-SGD's gradient against the ordinary one on the same batch.
 * Each case is a seed (printed on failure) for the images, the model and the noise.
 */
class DpSgdGradientTest {

    private static final int SIDE = 4; // 16 pixels
    private static final int ROWS = 6;

    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 17, 4242);
    }

    private static VaeConfig config(long seed) {
        return new VaeConfig(SIDE * SIDE, 7, 3, 1.0, 1e-3, ROWS, seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void perImageNormsEqualBruteForce(long seed) {
        Vae vae = new Vae(config(seed), DataType.DOUBLE);
        ImageSet images = SyntheticImages.noise(ROWS, SIDE, seed);
        float[] noise = gaussians(ROWS * 3, seed);
        VaeBatchPass pass = vae.pass(ROWS);
        pass.loadImages(pixels(images, ROWS));
        pass.loadNoise(noise);
        pass.forward(vae.tensors());
        pass.activationGradients(vae.tensors(), 1.0);
        double[] norms = PerImageNorms.of(pass);
        for (int i = 0; i < ROWS; i++) {
            double[] g = singleImageGradient(vae, images, i, noise);
            double expected = dot(g, g);
            assertEquals(expected, norms[i], 1e-9 * expected, "seed " + seed + ", image " + i);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void clippedGradientIsTheSumOfIndividuallyClippedGradients(long seed) {
        Vae vae = new Vae(config(seed), DataType.DOUBLE);
        ImageSet images = SyntheticImages.noise(ROWS, SIDE, seed);
        float[] noise = drawnNoise(seed, ROWS * 3);
        double[][] each = new double[ROWS][];
        double[] norms = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            each[i] = singleImageGradient(vae, images, i, java.util.Arrays.copyOfRange(noise, i * 3, i * 3 + 3));
            norms[i] = Math.sqrt(dot(each[i], each[i]));
        }
        double clip = java.util.Arrays.stream(norms).sorted().toArray()[ROWS / 2]; // clips about half
        int total = vae.spec().totalSize();
        double[] expected = new double[total];
        for (int i = 0; i < ROWS; i++) {
            double f = Math.min(1.0, clip / norms[i]);
            for (int j = 0; j < total; j++) {
                expected[j] += f * each[i][j];
            }
        }
        // q = 1 over ROWS images: the expected batch is ROWS, so the gradient is the clipped sum / ROWS
        DpSgd dp = new DpSgd(vae, new DpSgdSettings(clip, 0, 1.0), SecureGaussian.insecureFromSeed(seed));
        dp.privateGradient(images, identity(ROWS), ROWS, new SplittableRandom(seed));
        double[] actual = NdCopy.readDoubles(vae.gradients().flat, total);
        for (int j = 0; j < total; j++) {
            assertEquals(
                    expected[j] / ROWS, actual[j], 1e-10 + 1e-8 * Math.abs(expected[j]), "seed " + seed + " @" + j);
        }
        assertTrue(dp.clippedShare() > 0 && dp.clippedShare() < 1, "seed " + seed + ": " + dp.clippedShare());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withoutNoiseOrClippingItIsOrdinarySgdOnTheSampledBatch(long seed) {
        int n = 40;
        double q = 0.3;
        Vae vae = new Vae(config(seed), DataType.DOUBLE);
        ImageSet images = SyntheticImages.noise(n, SIDE, seed);
        DpSgd dp = new DpSgd(vae, new DpSgdSettings(1e12, 0, q), SecureGaussian.insecureFromSeed(seed));
        int k = dp.sampleBatch(n);
        int[] batch = dp.lastBatch();
        assertTrue(k > 0 && k < n, "seed " + seed + ": a batch of " + k);
        dp.privateGradient(images, batch, k, new SplittableRandom(seed));
        int total = vae.spec().totalSize();
        double[] privateGrad = NdCopy.readDoubles(vae.gradients().flat, total);

        VaeBatchPass pass = vae.pass(k);
        float[] staging = new float[k * SIDE * SIDE];
        images.copyBatch(batch, 0, k, staging);
        pass.loadImages(staging);
        pass.drawNoise(new SplittableRandom(seed));
        pass.forward(vae.tensors());
        pass.backward(vae.tensors(), vae.gradients(), 1.0 / (q * n)); // divided by the expected batch
        double[] plain = NdCopy.readDoubles(vae.gradients().flat, total);
        for (int j = 0; j < total; j++) {
            assertEquals(plain[j], privateGrad[j], 1e-12 + 1e-10 * Math.abs(plain[j]), "seed " + seed + " @" + j);
        }
        assertEquals(0.0, dp.clippedShare());
    }

    /** The gradient of image i's own loss alone, by a one-image backward pass. */
    private static double[] singleImageGradient(Vae vae, ImageSet images, int i, float[] noiseOfImage) {
        VaeBatchPass one = vae.pass(1);
        float[] px = new float[images.imageSize()];
        images.copyBatch(new int[] {i}, 0, 1, px);
        one.loadImages(px);
        one.loadNoise(
                noiseOfImage.length == 3 ? noiseOfImage : java.util.Arrays.copyOfRange(noiseOfImage, i * 3, i * 3 + 3));
        one.forward(vae.tensors());
        one.backward(vae.tensors(), vae.gradients(), 1.0);
        return NdCopy.readDoubles(vae.gradients().flat, vae.spec().totalSize());
    }

    /** The noise drawNoise takes from SplittableRandom(seed), as floats. */
    private static float[] drawnNoise(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }

    private static float[] gaussians(int n, long seed) {
        return drawnNoise(seed ^ 0x9E3779B97F4A7C15L, n);
    }

    private static float[] pixels(ImageSet images, int n) {
        float[] px = new float[n * images.imageSize()];
        images.copyBatch(identity(n), 0, n, px);
        return px;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

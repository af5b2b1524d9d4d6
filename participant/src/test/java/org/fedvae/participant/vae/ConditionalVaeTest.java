package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fedvae.participant.data.ImageSet;
import org.fedvae.protocol.model.ModelSpec;
import org.fedvae.protocol.model.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/** The conditional VAE: its spec, initialisation, DP-SGD norms, training and label errors. */
class ConditionalVaeTest {

    private static final int SIDE = 4;

    @Test
    void specIsThePlainSpecPlusTwoLabelTensors() {
        VaeConfig cvae = VaeConfig.defaults(1).withLabelCount(10);
        ModelSpec plain = VaeLayout.spec(VaeConfig.defaults(1));
        ModelSpec spec = VaeLayout.spec(cvae);
        assertEquals(plain.tensors(), spec.tensors().subList(0, 10));
        assertEquals(
                List.of(
                        new TensorSpec("enc.fc1.label_weight", new int[] {400, 10}),
                        new TensorSpec("dec.fc1.label_weight", new int[] {400, 10})),
                spec.tensors().subList(10, 12));
        assertEquals(652_824 + 8_000, spec.totalSize());
        assertEquals(10, VaeLayout.labelCount(spec));
        assertEquals(0, VaeLayout.labelCount(plain));
        assertEquals("cvae (10 classes)", VaeLayout.kind(spec));
        assertEquals("vae", VaeLayout.kind(plain));
    }

    @Test
    void labelColumnsShareTheirLayersPyTorchBound() {
        ModelSpec spec = VaeLayout.spec(VaeConfig.defaults(1).withLabelCount(10));
        assertEquals(794, VaeLayout.layerFanIn(spec, "enc.fc1.weight"));
        assertEquals(794, VaeLayout.layerFanIn(spec, "enc.fc1.bias"));
        assertEquals(794, VaeLayout.layerFanIn(spec, "enc.fc1.label_weight"));
        assertEquals(30, VaeLayout.layerFanIn(spec, "dec.fc1.label_weight"));
        assertEquals(400, VaeLayout.layerFanIn(spec, "enc.mu.weight"));
        float[] values = VaeLayout.initialValues(spec, 3);
        int off = spec.offsetOf("dec.fc1.label_weight");
        double max = 0;
        for (int i = off; i < off + 4000; i++) {
            max = Math.max(max, Math.abs(values[i]));
        }
        assertTrue(max <= 1 / Math.sqrt(30) && max > 0.95 / Math.sqrt(30), "max " + max);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 17})
    void perImageNormsEqualBruteForce(long seed) {
        int rows = 5;
        int classes = 3;
        Vae vae = new Vae(new VaeConfig(SIDE * SIDE, 7, 3, 1.0, 1e-3, rows, seed, classes), DataType.DOUBLE);
        ImageSet images = labelled(SyntheticImages.noise(rows, SIDE, seed), classes, seed);
        float[] noise = gaussians(rows * 3, seed);
        VaeBatchPass pass = vae.pass(rows);
        float[] px = new float[rows * SIDE * SIDE];
        int[] labels = new int[rows];
        int[] all = {0, 1, 2, 3, 4};
        images.copyBatch(all, 0, rows, px);
        images.copyLabels(all, 0, rows, labels);
        pass.loadImages(px);
        pass.loadLabels(labels);
        pass.loadNoise(noise);
        pass.forward(vae.tensors());
        pass.activationGradients(vae.tensors(), 1.0);
        double[] norms = PerImageNorms.of(pass);
        for (int i = 0; i < rows; i++) {
            VaeBatchPass one = vae.pass(1);
            one.loadImages(Arrays.copyOfRange(px, i * SIDE * SIDE, (i + 1) * SIDE * SIDE));
            one.loadLabels(new int[] {labels[i]});
            one.loadNoise(Arrays.copyOfRange(noise, i * 3, i * 3 + 3));
            one.forward(vae.tensors());
            one.backward(vae.tensors(), vae.gradients(), 1.0);
            double[] g = NdCopy.readDoubles(vae.gradients().flat, vae.spec().totalSize());
            double expected = 0;
            for (double v : g) {
                expected += v * v;
            }
            assertEquals(expected, norms[i], 1e-9 * expected, "seed " + seed + ", image " + i);
        }
    }

    @Test
    void learnsBarsAndItsLabelChangesTheDecodedImage() {
        ImageSet bars = SyntheticImages.bars(512, SIDE, 5); // labels 0..2*SIDE-1: the bar's position
        Vae vae = new Vae(new VaeConfig(SIDE * SIDE, 32, 2, 1.0, 1e-2, 32, 3, 2 * SIDE));
        double before = vae.evaluate(bars);
        for (int e = 0; e < 30; e++) {
            vae.trainEpoch(bars, e);
        }
        double after = vae.evaluate(bars);
        assertTrue(after < 0.5 * before, "loss " + before + " -> " + after);
        // decoded at z = 0 as "vertical bar at column 1", the brightest column is column 1
        float[] img = vae.decode(new float[2], new int[] {1});
        double[] column = new double[SIDE];
        for (int i = 0; i < img.length; i++) {
            column[i % SIDE] += img[i];
        }
        int brightest = 0;
        for (int x = 1; x < SIDE; x++) {
            brightest = column[x] > column[brightest] ? x : brightest;
        }
        assertEquals(1, brightest, Arrays.toString(column));
    }

    @Test
    void sampleGridHasARowOfEightPerClass() {
        Vae vae = new Vae(new VaeConfig(SIDE * SIDE, 7, 3, 1.0, 1e-3, 8, 9, 5));
        var img = ImageGrid.samples(vae, SIDE, SIDE, 1);
        int tile = SIDE * ImageGrid.SCALE;
        assertEquals(ImageGrid.GAP + 5 * (tile + ImageGrid.GAP), img.getHeight());
        assertEquals(ImageGrid.GAP + ImageGrid.SAMPLE_GRID * (tile + ImageGrid.GAP), img.getWidth());
        ImageSet images = labelled(SyntheticImages.noise(6, SIDE, 2), 5, 2);
        var pairs = ImageGrid.reconstructions(vae, images); // needs the labels: throws without them
        assertEquals(ImageGrid.GAP + 2 * (tile + ImageGrid.GAP), pairs.getHeight());
    }

    @Test
    void plainVaeIsUnchangedByALabelCountOfZero() {
        VaeConfig plain = new VaeConfig(SIDE * SIDE, 7, 3, 1.0, 1e-3, 8, 9);
        assertEquals(plain, plain.withLabelCount(0));
        assertArrayEquals(
                new Vae(plain).parameters().toFlatArray(),
                new Vae(plain.withLabelCount(0)).parameters().toFlatArray());
    }

    @Test
    void badLabelsAreRefusedWithTheReason() {
        Vae vae = new Vae(new VaeConfig(SIDE * SIDE, 7, 3, 1.0, 1e-3, 8, 9, 3));
        ImageSet images = SyntheticImages.noise(10, SIDE, 1);
        ImageSet unknownClass = ImageSet.of(pixels(images), new int[] {0, 1, 2, 3, 0, 0, 0, 0, 0, 0}, SIDE, SIDE);
        ImageSet unlabelled =
                ImageSet.of(pixels(images), new int[] {0, 1, ImageSet.NO_LABEL, 0, 0, 0, 0, 0, 0, 0}, SIDE, SIDE);
        String unknown = assertThrows(IllegalArgumentException.class, () -> vae.trainEpoch(unknownClass, 1))
                .getMessage();
        assertTrue(unknown.contains("image 3 has label 3") && unknown.contains("3 classes"), unknown);
        String none = assertThrows(IllegalArgumentException.class, () -> vae.evaluate(unlabelled))
                .getMessage();
        assertTrue(none.contains("image 2 has no label"), none);
        assertThrows(IllegalArgumentException.class, () -> vae.decode(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> vae.decode(new float[3], new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> vae.decode(new float[6], new int[] {0}));
        Vae plain = new Vae(new VaeConfig(SIDE * SIDE, 7, 3, 1.0, 1e-3, 8, 9));
        assertThrows(IllegalArgumentException.class, () -> plain.decode(new float[3], new int[] {0}));
    }

    private static ImageSet labelled(ImageSet images, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] labels = new int[images.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return ImageSet.of(pixels(images), labels, SIDE, SIDE);
    }

    private static float[] pixels(ImageSet images) {
        float[] px = new float[images.size() * images.imageSize()];
        int[] all = new int[images.size()];
        Arrays.setAll(all, i -> i);
        images.copyBatch(all, 0, all.length, px);
        return px;
    }

    private static float[] gaussians(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }
}

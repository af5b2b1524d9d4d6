package org.fedvae.participant.vae;

import java.util.SplittableRandom;

/**
 * Synthetic labelled images from a conditional VAE: for each requested label, z ~ N(0, I) drawn
 * from a seed, decoded as that class. The pixels are the decoder's Bernoulli means in [0, 1],
 * as in the sample grids.
 */
public final class ClassSampler {

    private ClassSampler() {}

    /** {@code perClass} labels of each class in {@code classes}, class by class. */
    public static int[] labels(int[] classes, int perClass) {
        if (perClass < 1) {
            throw new IllegalArgumentException("the number of images per class must be at least 1, got " + perClass);
        }
        int[] labels = new int[Math.multiplyExact(classes.length, perClass)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classes[i / perClass];
        }
        return labels;
    }

    /** One image per label (inputSize pixels each, one after another), decoded as that label. */
    public static float[] generate(Vae cvae, int[] labels, long seed) {
        if (!cvae.config().conditional()) {
            throw new IllegalArgumentException("the model is a plain VAE, which has no classes to generate; "
                    + "labelled images need a conditional model (init-model/run/centralized --model cvae)");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] z = new float[Math.multiplyExact(labels.length, cvae.config().latentSize())];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        return cvae.decode(z, labels);
    }
}

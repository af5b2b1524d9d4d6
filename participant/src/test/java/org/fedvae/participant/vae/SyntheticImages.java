package org.fedvae.participant.vae;

import java.util.SplittableRandom;
import org.fedvae.participant.data.ImageSet;

/** Small structured images for tests: one bright bar per image, horizontal or vertical. */
final class SyntheticImages {

    private SyntheticImages() {}

    static ImageSet bars(int count, int side, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] pixels = new float[count * side * side];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            boolean vertical = rng.nextBoolean();
            int at = rng.nextInt(side);
            labels[i] = vertical ? at : side + at;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    boolean on = vertical ? x == at : y == at;
                    pixels[i * side * side + y * side + x] = on ? 0.9f + 0.1f * (float) rng.nextDouble() : 0f;
                }
            }
        }
        return ImageSet.of(pixels, labels, side, side);
    }

    /** Uniform noise images, for tests that only need some data. */
    static ImageSet noise(int count, int side, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] pixels = new float[count * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextDouble();
        }
        return ImageSet.of(pixels, new int[count], side, side);
    }
}

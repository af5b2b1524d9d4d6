package org.fedvae.participant.data;

import java.util.Objects;

/**
 * Grey images in memory, row-major, one image after another, pixels in [0, 1]. Labels are
 * optional (an image folder has none): {@link #NO_LABEL} marks a missing one. The pixel array is
 * shared, not copied, by {@link #subset}: many simulated sites can view one dataset.
 */
public final class ImageSet {

    public static final int NO_LABEL = -1;

    private final float[] pixels;
    private final int[] labels;
    private final int[] index;
    private final int width;
    private final int height;

    private ImageSet(float[] pixels, int[] labels, int[] index, int width, int height) {
        this.pixels = pixels;
        this.labels = labels;
        this.index = index;
        this.width = width;
        this.height = height;
    }

    /** Takes ownership of {@code pixels} (count * width * height values in [0, 1]) and {@code labels}. */
    public static ImageSet of(float[] pixels, int[] labels, int width, int height) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        int size = width * height;
        if (width <= 0 || height <= 0 || pixels.length % size != 0 || pixels.length / size != labels.length) {
            throw new IllegalArgumentException("pixels (" + pixels.length + ") and labels (" + labels.length
                    + ") do not describe whole " + width + "x" + height + " images");
        }
        int[] all = new int[labels.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new ImageSet(pixels, labels, all, width, height);
    }

    /** A view of some of these images, in the given order; the pixels are shared. */
    public ImageSet subset(int[] positions) {
        int[] sub = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            sub[i] = index[Objects.checkIndex(positions[i], index.length)];
        }
        return new ImageSet(pixels, labels, sub, width, height);
    }

    public int size() {
        return index.length;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Pixels per image. */
    public int imageSize() {
        return width * height;
    }

    public int label(int i) {
        return labels[index[i]];
    }

    /** Copies image {@code i} into {@code dst} at {@code dstOffset}. */
    public void copyImage(int i, float[] dst, int dstOffset) {
        int size = imageSize();
        System.arraycopy(pixels, index[i] * size, dst, dstOffset, size);
    }

    /** Copies the labels of the images at {@code positions[from..from+count)} into {@code dst[0, count)}. */
    public void copyLabels(int[] positions, int from, int count, int[] dst) {
        for (int k = 0; k < count; k++) {
            dst[k] = labels[index[positions[from + k]]];
        }
    }

    /** Copies the images at {@code positions[from..from+count)} contiguously into {@code dst}. */
    public void copyBatch(int[] positions, int from, int count, float[] dst) {
        int size = imageSize();
        for (int k = 0; k < count; k++) {
            System.arraycopy(pixels, index[positions[from + k]] * size, dst, k * size, size);
        }
    }
}

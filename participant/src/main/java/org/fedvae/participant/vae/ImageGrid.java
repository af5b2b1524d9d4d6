package org.fedvae.participant.vae;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.fedvae.participant.data.ImageSet;

/**
 * PNG pictures of what a VAE does: an 8x8 grid of samples decoded from z ~ N(0, I) (for a
 * conditional VAE, one row of 8 per class, class 0 at the top), and originals beside their
 * reconstructions. Grey images, pixel 0 black and 1 white (MNIST's
 * white ink on black), each tile scaled up {@value #SCALE}x and separated by a mid-grey gap.
 */
public final class ImageGrid {

    public static final int SAMPLE_GRID = 8;
    /** Pairs per row and rows of the reconstruction picture (32 images). */
    public static final int PAIRS_PER_ROW = 4;

    public static final int PAIR_ROWS = 8;
    static final int SCALE = 2;
    static final int GAP = 2;
    /** Extra space between two pairs, so each original visibly belongs to its reconstruction. */
    static final int PAIR_GAP = 6;

    private static final int GAP_GREY = 128;

    private ImageGrid() {}

    /**
     * Writes an 8x8 grid of images decoded from 64 latent vectors drawn from N(0, I) with
     * {@code seed}; for a conditional VAE a row of 8 per class, row k decoded as class k.
     */
    public static void writeSamples(Vae vae, int width, int height, long seed, Path png) throws IOException {
        write(samples(vae, width, height, seed), png);
    }

    /**
     * Writes the first 32 images of {@code images} (fewer if it has fewer) beside their
     * reconstructions: 8 rows of 4 pairs, the original left of its reconstruction.
     */
    public static void writeReconstructions(Vae vae, ImageSet images, Path png) throws IOException {
        write(reconstructions(vae, images), png);
    }

    static BufferedImage samples(Vae vae, int width, int height, long seed) {
        requireSize(vae, width, height);
        int classes = vae.config().labelCount();
        int count = SAMPLE_GRID * (classes > 0 ? classes : SAMPLE_GRID);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] z = new float[count * vae.config().latentSize()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        if (classes == 0) {
            return grid(vae.decode(z), count, SAMPLE_GRID, 1, width, height);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i / SAMPLE_GRID;
        }
        return grid(vae.decode(z, labels), count, SAMPLE_GRID, 1, width, height);
    }

    static BufferedImage reconstructions(Vae vae, ImageSet images) {
        requireSize(vae, images.width(), images.height());
        int count = Math.min(images.size(), PAIRS_PER_ROW * PAIR_ROWS);
        int size = images.imageSize();
        float[] originals = new float[count * size];
        int[] first = new int[count];
        for (int i = 0; i < count; i++) {
            first[i] = i;
        }
        images.copyBatch(first, 0, count, originals);
        float[] recon;
        if (vae.config().conditional()) {
            int[] labels = new int[count];
            images.copyLabels(first, 0, count, labels);
            recon = vae.reconstruct(originals, labels);
        } else {
            recon = vae.reconstruct(originals);
        }
        float[] pairs = new float[2 * count * size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(originals, i * size, pairs, 2 * i * size, size);
            System.arraycopy(recon, i * size, pairs, (2 * i + 1) * size, size);
        }
        return grid(pairs, 2 * count, 2 * PAIRS_PER_ROW, 2, images.width(), images.height());
    }

    /**
     * Lays out {@code count} images (row-major pixels in [0, 1]) {@code columns} to a row, with
     * {@link #PAIR_GAP} extra space after every {@code group} columns (group 1: evenly spaced).
     */
    static BufferedImage grid(float[] pixels, int count, int columns, int group, int width, int height) {
        int rows = Math.max(1, (count + columns - 1) / columns);
        int tileW = width * SCALE;
        int tileH = height * SCALE;
        BufferedImage img = new BufferedImage(
                tileLeft(columns - 1, group, tileW) + tileW + GAP,
                GAP + rows * (tileH + GAP),
                BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                raster.setSample(x, y, 0, GAP_GREY);
            }
        }
        for (int i = 0; i < count; i++) {
            int left = tileLeft(i % columns, group, tileW);
            int top = GAP + (i / columns) * (tileH + GAP);
            for (int y = 0; y < tileH; y++) {
                for (int x = 0; x < tileW; x++) {
                    float v = pixels[i * width * height + (y / SCALE) * width + x / SCALE];
                    raster.setSample(left + x, top + y, 0, Math.round(Math.max(0f, Math.min(1f, v)) * 255f));
                }
            }
        }
        return img;
    }

    /** x of the left edge of tile column {@code column}. */
    static int tileLeft(int column, int group, int tileW) {
        return GAP + column * (tileW + GAP) + (group > 1 ? column / group * PAIR_GAP : 0);
    }

    private static void write(BufferedImage img, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    private static void requireSize(Vae vae, int width, int height) {
        if (width * height != vae.config().inputSize()) {
            throw new IllegalArgumentException(width + "x" + height + " images do not fit the model's "
                    + vae.config().inputSize() + " inputs");
        }
    }
}

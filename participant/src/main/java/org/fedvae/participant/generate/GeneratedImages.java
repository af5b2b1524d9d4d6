package org.fedvae.participant.generate;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fedvae.participant.data.IdxWriter;

/**
 * Generated images on disk: PNG files in one sub-folder per class, named by the zero-padded
 * class number so that sorted folder names are class order (an image folder labels its images
 * that way), or the IDX pair MNIST uses for a training set.
 */
final class GeneratedImages {

    static final String IDX_IMAGES = "train-images-idx3-ubyte";
    static final String IDX_LABELS = "train-labels-idx1-ubyte";

    private GeneratedImages() {}

    static void writePngs(float[] pixels, int[] labels, int classes, int side, Path dir) throws IOException {
        int digits = String.valueOf(classes - 1).length();
        int[] written = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            Path folder = dir.resolve(className(labels[i], digits));
            Files.createDirectories(folder);
            Path png = folder.resolve(String.format("%05d.png", written[labels[i]]++));
            if (!ImageIO.write(image(pixels, i, side), "png", png.toFile())) {
                throw new IOException("no PNG writer available for " + png);
            }
        }
    }

    static void writeIdx(float[] pixels, int[] labels, int side, Path dir) throws IOException {
        IdxWriter.writeImages(pixels, labels.length, side, side, dir.resolve(IDX_IMAGES));
        IdxWriter.writeLabels(labels, dir.resolve(IDX_LABELS));
    }

    /** "3" among ten classes, "03" among twelve: sorted names keep class order. */
    static String className(int label, int digits) {
        return String.format("%0" + digits + "d", label);
    }

    private static BufferedImage image(float[] pixels, int index, int side) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        int at = index * side * side;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float v = pixels[at + y * side + x];
                raster.setSample(x, y, 0, Math.round(Math.max(0f, Math.min(1f, v)) * 255f));
            }
        }
        return img;
    }
}

package org.fedvae.simulations;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** A small folder of random-blob PNGs: a real site's kind of data, in miniature, for fast runs. */
public final class TestImages {

    private TestImages() {}

    /** Writes {@code count} 28x28 images with two classes (sub-folders) into {@code dir}. */
    public static Path blobFolder(Path dir, int count) throws IOException {
        Random r = new Random(4);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            int cx = 8 + r.nextInt(12);
            int cy = 8 + r.nextInt(12);
            int radius2 = i % 2 == 0 ? 12 : 30;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    img.getRaster().setSample(x, y, 0, d2 < radius2 ? 255 : 0);
                }
            }
            Path file = dir.resolve((i % 2 == 0 ? "small" : "large") + "/img" + i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        }
        return dir;
    }
}

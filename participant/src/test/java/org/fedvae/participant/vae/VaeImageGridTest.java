package org.fedvae.participant.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fedvae.participant.data.ImageSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaeImageGridTest {

    private static final VaeConfig SMALL = new VaeConfig(64, 32, 4, 1.0, 1e-2, 16, 3);

    @TempDir
    Path dir;

    @Test
    void samplesAreAnEightByEightGridOfDecodedImages() throws IOException {
        Vae vae = new Vae(SMALL);
        Path png = dir.resolve("out/samples.png");
        ImageGrid.writeSamples(vae, 8, 8, 1, png);
        BufferedImage img = ImageIO.read(png.toFile());
        int tile = 8 * ImageGrid.SCALE + ImageGrid.GAP;
        assertEquals(ImageGrid.GAP + 8 * tile, img.getWidth());
        assertEquals(ImageGrid.GAP + 8 * tile, img.getHeight());
        // same seed, same picture; another seed, another one
        assertTrue(samePixels(img, ImageGrid.samples(vae, 8, 8, 1)));
        assertTrue(!samePixels(img, ImageGrid.samples(vae, 8, 8, 2)));
    }

    @Test
    void reconstructionsSitRightOfTheirOriginals() throws IOException {
        ImageSet data = SyntheticImages.bars(40, 8, 4);
        Vae vae = new Vae(SMALL);
        Path png = dir.resolve("recon.png");
        ImageGrid.writeReconstructions(vae, data, png);
        BufferedImage img = ImageIO.read(png.toFile());
        int tile = 8 * ImageGrid.SCALE + ImageGrid.GAP;
        assertEquals(
                ImageGrid.GAP + 2 * ImageGrid.PAIRS_PER_ROW * tile + (ImageGrid.PAIRS_PER_ROW - 1) * ImageGrid.PAIR_GAP,
                img.getWidth());
        assertEquals(ImageGrid.GAP + ImageGrid.PAIR_ROWS * tile, img.getHeight());
        // the original of pair 5 (row 1, pair 1): tile column 2, tile row 1
        float[] original = new float[64];
        data.copyImage(5, original, 0);
        float[] recon = vae.reconstruct(original);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int px = ImageGrid.GAP + 2 * tile + ImageGrid.PAIR_GAP + x * ImageGrid.SCALE;
                int py = ImageGrid.GAP + tile + y * ImageGrid.SCALE;
                assertEquals(
                        Math.round(original[y * 8 + x] * 255f), img.getRaster().getSample(px, py, 0));
                assertEquals(
                        Math.round(recon[y * 8 + x] * 255f), img.getRaster().getSample(px + tile, py, 0), 1);
            }
        }
    }

    @Test
    void rejectsImagesOfAnotherSize() {
        Vae vae = new Vae(SMALL);
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.writeSamples(vae, 7, 9, 1, dir.resolve("x.png")));
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRaster().getSample(x, y, 0) != b.getRaster().getSample(x, y, 0)) {
                    return false;
                }
            }
        }
        return true;
    }
}

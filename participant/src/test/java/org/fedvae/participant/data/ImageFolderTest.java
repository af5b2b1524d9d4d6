package org.fedvae.participant.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path dir;

    private static void writeImage(Path file, int w, int h, Color fill, String format) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w / 2, h); // left half white
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, format, file.toFile());
    }

    @Test
    void anySizeAndColourBecomes28x28GreyInUnitRange() throws Exception {
        writeImage(dir.resolve("a.png"), 280, 140, Color.BLACK, "png");
        writeImage(dir.resolve("b.jpg"), 57, 31, new Color(200, 100, 50), "jpg");
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        ImageSet set = ImageFolder.load(dir, 28, 28);
        assertEquals(2, set.size());
        assertEquals(ImageSet.NO_LABEL, set.label(0));
        float[] px = new float[784];
        set.copyImage(0, px, 0);
        assertEquals(1f, px[0], 1e-6f); // white left half
        assertEquals(0f, px[27], 1e-6f); // black right half
        assertEquals(1f, px[27 * 28 + 13], 1e-6f);
        set.copyImage(1, px, 0);
        for (float v : px) {
            assertTrue(v >= 0f && v <= 1f);
        }
        float orange = (0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f;
        assertEquals(orange, px[27 * 28 + 27], 0.03f); // JPEG is lossy
    }

    @Test
    void subfoldersAreLabelsInSortedOrder() throws Exception {
        writeImage(dir.resolve("zebra/1.png"), 28, 28, Color.BLACK, "png");
        writeImage(dir.resolve("ant/1.png"), 28, 28, Color.BLACK, "png");
        writeImage(dir.resolve("ant/2.png"), 28, 28, Color.BLACK, "png");
        ImageSet set = ImageFolder.load(dir, 28, 28);
        assertEquals(3, set.size());
        assertEquals(0, set.label(0));
        assertEquals(0, set.label(1));
        assertEquals(1, set.label(2));
    }

    @Test
    void emptyFolderIsAClearError() {
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.load(dir, 28, 28));
        assertTrue(e.getMessage().startsWith(dir + ": no image files"), e.getMessage());
    }

    @Test
    void unreadableImageIsNamed() throws Exception {
        writeImage(dir.resolve("good.png"), 28, 28, Color.BLACK, "png");
        Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.load(dir, 28, 28));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
    }

    @Test
    void plainFolderHoldsOutEveryTenthImageForTesting() throws Exception {
        for (int i = 0; i < 25; i++) {
            writeImage(dir.resolve(String.format("%02d.png", i)), 10, 10, Color.BLACK, "png");
        }
        LocalData data = Datasets.load(dir.toString());
        assertEquals(3, data.test().size());
        assertEquals(22, data.train().size());
    }

    @Test
    void trainAndTestFolders() throws Exception {
        writeImage(dir.resolve("train/1.png"), 28, 28, Color.BLACK, "png");
        writeImage(dir.resolve("train/2.png"), 28, 28, Color.BLACK, "png");
        writeImage(dir.resolve("test/1.png"), 28, 28, Color.BLACK, "png");
        LocalData data = Datasets.load(dir.toString());
        assertEquals(2, data.train().size());
        assertEquals(1, data.test().size());
    }

    @Test
    void unknownDatasetIsAClearError() {
        DatasetException e = assertThrows(
                DatasetException.class, () -> Datasets.load(dir.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("no such dataset"), e.getMessage());
    }
}

package org.fedvae.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesAPngOfTheRequestedSize() throws Exception {
        Path png = dir.resolve("loss.png");
        LossPlot.write(
                png,
                "test",
                "round",
                List.of(
                        new LossPlot.Series("federated", List.of(1, 2, 3), List.of(200.0, 150.0, 130.0)),
                        new LossPlot.Series("reference", List.of(1, 2, 3), List.of(212.6, 176.9, 157.9))));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
    }
}

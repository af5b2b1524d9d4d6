package org.fedvae.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aWideRangeGetsALogScale() {
        var x = List.of(1, 2, 3);
        assertTrue(LossPlot.wideRange(List.of(new LossPlot.Series("a", x, List.of(5000.0, 400.0, 120.0)))));
        assertFalse(LossPlot.wideRange(List.of(new LossPlot.Series("a", x, List.of(547.8, 181.4, 120.0)))));
        // Across series, NaN (an aborted round) ignored; a value of 0 or below rules the log scale out.
        assertTrue(LossPlot.wideRange(List.of(
                new LossPlot.Series("a", x, List.of(900.0, Double.NaN, 120.0)),
                new LossPlot.Series("b", x, List.of(80.0, 60.0, 50.0)))));
        assertFalse(LossPlot.wideRange(List.of(new LossPlot.Series("a", x, List.of(5000.0, 0.0, 120.0)))));
    }
}

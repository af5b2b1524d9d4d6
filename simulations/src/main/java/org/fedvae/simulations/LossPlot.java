package org.fedvae.simulations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Test loss per round (or epoch) as a PNG line chart, with optional reference curves. */
public final class LossPlot {

    /** One line of the chart. */
    public record Series(String name, List<? extends Number> x, List<? extends Number> y) {}

    private LossPlot() {}

    public static void write(Path png, String title, String xLabel, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle("test loss (nats per image)")
                .build();
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Series s : series) {
            if (!s.x().isEmpty()) {
                chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        String file = png.toString();
        BitmapEncoder.saveBitmap(
                chart,
                file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
    }
}

package org.fedvae.simulations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Test loss per round (or epoch) as a PNG line chart, with optional reference curves. */
public final class LossPlot {

    /** One line of the chart. */
    public record Series(String name, List<? extends Number> x, List<? extends Number> y) {}

    /** Values spanning more than this factor get a log scale, so the late rounds' gains stay visible. */
    static final double LOG_SCALE_RANGE = 10;

    private LossPlot() {}

    /** True if the finite values are all positive and span more than {@link #LOG_SCALE_RANGE}. */
    static boolean wideRange(List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            for (Number n : s.y()) {
                double v = n.doubleValue();
                if (Double.isFinite(v)) {
                    if (v <= 0) {
                        return false;
                    }
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max / min > LOG_SCALE_RANGE;
    }

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
        // Inside the plot, so the curves keep the chart's whole width.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisLogarithmic(wideRange(series));
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

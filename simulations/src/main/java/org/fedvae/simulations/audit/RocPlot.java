package org.fedvae.simulations.audit;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The attacks' ROC curves on log-log axes (where membership inference is judged: the low-FPR
 * corner), with the diagonal of guessing and, when a guarantee is claimed, the bound it allows.
 * Rates of 0 cannot be drawn on a log axis; they sit on the axis floor, half of one image.
 */
final class RocPlot {

    private RocPlot() {}

    static void write(Path png, String title, Map<String, Roc> curves, Optional<DpBound> bound) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int images = curves.values().stream()
                .mapToInt(r ->
                        Math.max(r.points().get(0).members(), r.points().get(0).nonMembers()))
                .max()
                .orElse(1);
        double floor = 0.5 / images;
        XYChart chart = new XYChartBuilder()
                .width(700)
                .height(650)
                .title(title)
                .xAxisTitle("false positive rate")
                .yAxisTitle("true positive rate")
                .build();
        var s = chart.getStyler();
        s.setXAxisLogarithmic(true);
        s.setYAxisLogarithmic(true);
        s.setXAxisMin(floor);
        s.setYAxisMin(floor);
        s.setXAxisMax(1.0);
        s.setYAxisMax(1.0);
        s.setLegendPosition(Styler.LegendPosition.InsideSE);
        for (Map.Entry<String, Roc> c : curves.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Roc.Point p : c.getValue().points()) {
                x.add(Math.max(floor, p.fpr()));
                y.add(Math.max(floor, p.tpr()));
            }
            chart.addSeries(
                            String.format(
                                    "%s attack (AUC %.3f)",
                                    c.getKey(), c.getValue().auc()),
                            x,
                            y)
                    .setMarker(SeriesMarkers.NONE);
        }
        chart.addSeries("guessing", List.of(floor, 1.0), List.of(floor, 1.0))
                .setMarker(SeriesMarkers.NONE)
                .setLineColor(Color.GRAY);
        bound.ifPresent(b -> addBound(chart, b, floor));
        String file = png.toString();
        BitmapEncoder.saveBitmap(
                chart,
                file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
    }

    /** The highest TPR the claimed guarantee allows at each FPR (both sides of the bound). */
    private static void addBound(XYChart chart, DpBound b, double floor) {
        double e = Math.exp(b.epsilon());
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double lg = Math.log10(floor); lg <= 0; lg += 0.02) {
            double fpr = Math.pow(10, lg);
            double tpr = Math.min(1, Math.min(e * fpr + b.delta(), 1 - (1 - fpr - b.delta()) / e));
            x.add(fpr);
            y.add(Math.max(floor, tpr));
        }
        chart.addSeries(String.format("(%.3g, %.3g)-DP bound", b.epsilon(), b.delta()), x, y)
                .setMarker(SeriesMarkers.NONE)
                .setLineColor(Color.RED);
    }
}

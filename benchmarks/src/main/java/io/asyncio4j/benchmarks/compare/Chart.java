package io.asyncio4j.benchmarks.compare;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * Draws the comparison as a PNG with XChart: on top, each workload's wall time relative to raw
 * kotlinx.coroutines (or to the first implementation with figures) as grouped bars on a log scale,
 * with a line at 1× (lower is better); below, the peak RSS of the two million-task workloads.
 * A missing figure is a missing bar; an implementation with no figure at all is left out.
 */
final class Chart {
    private static final int W = 1400;
    private static final int PANEL_H = 490;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0x6baed6), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd),
    };

    private Chart() {}

    static void draw(Compare.Results r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<CategoryChart> panels = new ArrayList<>();
        panels.add(timePanel(r));
        List<Workload> millions = new ArrayList<>();
        for (Workload w : r.workloads()) if (w == Workload.W1 || w == Workload.W1B) millions.add(w);
        if (!millions.isEmpty()) panels.add(memoryPanel(r, millions));
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        try (OutputStream out = Files.newOutputStream(abs)) {
            BitmapEncoder.saveBitmap(panels, panels.size(), 1, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Wall time ÷ raw kotlinx (or the first implementation with figures), log scale. */
    private static CategoryChart timePanel(Compare.Results r) {
        CategoryChart chart = panel("asyncio4j vs raw kotlinx.coroutines, plain JDK and Python asyncio: "
                + "wall time relative to kotlinx (log scale, lower is better)", "wall time ÷ kotlinx");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.###'×'");
        List<String> categories = new ArrayList<>();
        for (Workload w : r.workloads()) {
            Compare.Cell k = r.cell(w, Impl.KOTLINX);
            categories.add(k.ok() ? String.format(Locale.ROOT, "%s (kotlinx = %.2f s)", w.id, k.seconds()) : w.id);
        }
        double lo = 1, hi = 1;
        for (Impl i : r.impls()) {
            List<Double> ratios = new ArrayList<>();
            for (Workload w : r.workloads()) {
                Compare.Cell base = baseline(r, w);
                Compare.Cell c = r.cell(w, i);
                Double ratio = c.ok() && base != null ? c.seconds() / base.seconds() : null;
                ratios.add(ratio);
                if (ratio != null) {
                    lo = Math.min(lo, ratio);
                    hi = Math.max(hi, ratio);
                }
            }
            addSeries(chart, i, categories, ratios);
        }
        // whole decades around the figures (bars would otherwise start at 0, which a log axis refuses)
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo) - 1e-9)));
        chart.getStyler().setYAxisMax(Math.pow(10, Math.max(Math.ceil(Math.log10(hi) + 1e-9), Math.floor(Math.log10(lo) - 1e-9) + 1)));
        chart.addAnnotation(new AnnotationLine(1.0, false, false)); // the baseline
        return chart;
    }

    /** Peak RSS in MiB of W1 and W1b, linear scale. */
    private static CategoryChart memoryPanel(Compare.Results r, List<Workload> ws) {
        CategoryChart chart = panel("Peak RSS of the million-task workloads, MiB (lower is better)", "MiB");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("0");
        List<String> categories = ws.stream().map(w -> w.id).toList();
        for (Impl i : r.impls()) {
            List<Double> mib = new ArrayList<>();
            for (Workload w : ws) mib.add(r.cell(w, i).ok() ? r.cell(w, i).rssMib() : null);
            addSeries(chart, i, categories, mib);
        }
        return chart;
    }

    private static CategoryChart panel(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(W).height(PANEL_H).title(title).yAxisTitle(yTitle).build();
        CategoryStyler s = chart.getStyler();
        s.setLabelsVisible(true);
        s.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLabelsFontColorAutomaticEnabled(false);
        s.setLabelsFontColor(Color.BLACK);
        s.setLabelsPosition(1.0);
        s.setAvailableSpaceFill(0.85);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridVerticalLinesVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setDecimalPattern("0.##");
        return chart;
    }

    /** A series per implementation, in its fixed color; none for one without any figure (XChart cannot scale it). */
    private static void addSeries(CategoryChart chart, Impl impl, List<String> categories, List<Double> values) {
        if (values.stream().allMatch(v -> v == null)) return;
        chart.addSeries(impl.label, categories, values).setFillColor(COLORS[impl.ordinal()]);
    }

    /** Raw kotlinx, or the first implementation with figures for [w]; null if none has any. */
    private static Compare.Cell baseline(Compare.Results r, Workload w) {
        Compare.Cell k = r.cell(w, Impl.KOTLINX);
        if (k.ok()) return k;
        for (Impl i : r.impls()) if (r.cell(w, i).ok()) return r.cell(w, i);
        return null;
    }
}

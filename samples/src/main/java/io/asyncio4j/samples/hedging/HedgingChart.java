package io.asyncio4j.samples.hedging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The chart of docs/HEDGING.md, drawn with XChart: p99 time to an answer, and the share left unanswered. */
final class HedgingChart {
    private HedgingChart() {}

    static void write(List<HedgingExperiment.CellResults> all, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> cells = all.stream().map(c -> HedgingExperiment.pct(c.cell().pDrop()).replace("%", "")
                + "/" + HedgingExperiment.pct(c.cell().pStall()).replace("%", "")).toList();
        double deadline = HedgingExperiment.deadline().toMillis();
        CategoryChart p99 = chart("p99 time to an answer (ms; no answer counts as the " + (long) deadline + " ms deadline)", "ms");
        CategoryChart failed = chart("requests without an answer within the deadline (%)", "%");
        int strategies = all.get(0).results().size();
        for (int s = 0; s < strategies; s++) {
            List<Double> p99s = new ArrayList<>();
            List<Double> fails = new ArrayList<>();
            for (HedgingExperiment.CellResults c : all) {
                HedgingExperiment.Result r = c.results().get(s);
                long q = r.quantile(0.99);
                p99s.add(q == Long.MAX_VALUE ? deadline : Math.min(deadline, q / 1e6));
                fails.add(100 * (1 - r.successRate()));
            }
            String name = all.get(0).results().get(s).strategy().replaceAll(" \\(.*", "");
            p99.addSeries(name, cells, p99s);
            failed.addSeries(name, cells, fails);
        }
        BitmapEncoder.saveBitmap(List.of(p99, failed), 2, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart c = new CategoryChartBuilder().width(1400).height(520).title(title)
                .xAxisTitle("grid cell: drop % / stall %").yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisLabelRotation(0);
        c.getStyler().setOverlapped(false);
        return c;
    }
}

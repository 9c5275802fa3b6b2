package io.asyncio4j.benchmarks.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the comparison as a PNG with Java2D (no plotting library): on top, each workload's wall time
 * relative to raw kotlinx.coroutines on a log scale (lower is better); below, the peak RSS of the
 * two million-task workloads.
 */
final class Chart {
    private static final int W = 1400;
    private static final int H = 980;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0x6baed6), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd),
    };

    private Chart() {}

    static void draw(Compare.Results r, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString("asyncio4j vs raw kotlinx.coroutines, plain JDK and Python asyncio", 40, 36);
            legend(g, r.impls(), 40, 56);
            timePanel(g, r, 70, 100, W - 110, 520);
            memoryPanel(g, r, 70, 700, W - 110, 230);
        } finally {
            g.dispose();
        }
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static void legend(Graphics2D g, List<Impl> impls, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        for (Impl i : impls) {
            g.setColor(COLORS[i.ordinal()]);
            g.fillRect(x, y, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(i.label, x + 20, y + 12);
            x += 40 + fm.stringWidth(i.label);
        }
    }

    /** Wall time ÷ raw kotlinx (or the first implementation with figures), log scale. */
    private static void timePanel(Graphics2D g, Compare.Results r, int x0, int y0, int w, int h) {
        List<Workload> ws = r.workloads();
        List<Impl> impls = r.impls();
        double lo = 1, hi = 1;
        double[][] ratio = new double[ws.size()][impls.size()];
        for (int a = 0; a < ws.size(); a++) {
            Compare.Cell base = r.cell(ws.get(a), Impl.KOTLINX);
            if (!base.ok()) {
                for (Impl i : impls) if (r.cell(ws.get(a), i).ok()) { base = r.cell(ws.get(a), i); break; }
            }
            for (int b = 0; b < impls.size(); b++) {
                Compare.Cell c = r.cell(ws.get(a), impls.get(b));
                ratio[a][b] = c.ok() && base.ok() ? c.seconds() / base.seconds() : Double.NaN;
                if (!Double.isNaN(ratio[a][b])) {
                    lo = Math.min(lo, ratio[a][b]);
                    hi = Math.max(hi, ratio[a][b]);
                }
            }
        }
        double lgLo = Math.floor(Math.log10(lo) - 1e-9);
        double lgHi = Math.ceil(Math.log10(hi) + 1e-9);
        if (lgHi - lgLo < 1) lgHi = lgLo + 1;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString("Wall time relative to raw kotlinx.coroutines (log scale, lower is better)", x0, y0 - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // grid: powers of ten, and 2 and 5 between
        for (double lg = lgLo; lg <= lgHi + 1e-9; lg++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = Math.pow(10, lg) * m;
                double lv = Math.log10(v);
                if (lv > lgHi + 1e-9) break;
                int y = y0 + h - (int) Math.round((lv - lgLo) / (lgHi - lgLo) * h);
                g.setColor(m == 1 ? new Color(0xbbbbbb) : new Color(0xeeeeee));
                g.drawLine(x0, y, x0 + w, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(num(v) + "×", x0 - 48, y + 4);
            }
        }
        int y1 = y0 + h - (int) Math.round((0 - lgLo) / (lgHi - lgLo) * h);
        g.setColor(Color.RED.darker());
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(x0, y1, x0 + w, y1);
        g.setStroke(new BasicStroke(1f));
        int groupW = w / Math.max(1, ws.size());
        int barW = Math.max(6, (groupW - 30) / Math.max(1, impls.size()));
        int baseY = y0 + h;
        for (int a = 0; a < ws.size(); a++) {
            int gx = x0 + a * groupW + 15;
            for (int b = 0; b < impls.size(); b++) {
                int bx = gx + b * barW;
                double v = ratio[a][b];
                if (Double.isNaN(v)) {
                    g.setColor(Color.GRAY);
                    drawRotated(g, "n/a", bx + barW / 2 + 4, baseY - 6);
                    continue;
                }
                int top = y0 + h - (int) Math.round((Math.log10(v) - lgLo) / (lgHi - lgLo) * h);
                g.setColor(COLORS[impls.get(b).ordinal()]);
                g.fillRect(bx + 1, top, barW - 2, baseY - top);
                g.setColor(Color.BLACK);
                String label = num(v);
                FontMetrics fm = g.getFontMetrics();
                g.drawString(label, bx + (barW - fm.stringWidth(label)) / 2, top - 3);
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            String name = ws.get(a).id;
            Compare.Cell k = r.cell(ws.get(a), Impl.KOTLINX);
            String sub = k.ok() ? String.format(Locale.ROOT, "kotlinx = %.2f s", k.seconds()) : "";
            g.drawString(name, gx + (impls.size() * barW - g.getFontMetrics().stringWidth(name)) / 2, baseY + 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(sub, gx + (impls.size() * barW - g.getFontMetrics().stringWidth(sub)) / 2, baseY + 34);
        }
        g.setColor(Color.BLACK);
        g.drawLine(x0, baseY, x0 + w, baseY);
    }

    /** Peak RSS in MiB of W1 and W1b, linear scale. */
    private static void memoryPanel(Graphics2D g, Compare.Results r, int x0, int y0, int w, int h) {
        List<Workload> ws = new ArrayList<>();
        for (Workload x : r.workloads()) if (x == Workload.W1 || x == Workload.W1B) ws.add(x);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString("Peak RSS of the million-task workloads, MiB (lower is better)", x0, y0 - 10);
        if (ws.isEmpty()) return;
        List<Impl> impls = r.impls();
        double max = 1;
        for (Workload x : ws) for (Impl i : impls) if (r.cell(x, i).ok()) max = Math.max(max, r.cell(x, i).rssMib());
        double step = niceStep(max / 4);
        double top = Math.ceil(max / step) * step;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double v = 0; v <= top + 1e-9; v += step) {
            int y = y0 + h - (int) Math.round(v / top * h);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x0, y, x0 + w, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(num(v), x0 - 48, y + 4);
        }
        int groupW = w / ws.size();
        int barW = Math.max(6, Math.min(90, (groupW - 60) / Math.max(1, impls.size())));
        int baseY = y0 + h;
        for (int a = 0; a < ws.size(); a++) {
            int gx = x0 + a * groupW + 30;
            for (int b = 0; b < impls.size(); b++) {
                Compare.Cell c = r.cell(ws.get(a), impls.get(b));
                int bx = gx + b * barW;
                if (!c.ok()) {
                    g.setColor(Color.GRAY);
                    g.drawString("n/a", bx + 4, baseY - 6);
                    continue;
                }
                int t = y0 + h - (int) Math.round(c.rssMib() / top * h);
                g.setColor(COLORS[impls.get(b).ordinal()]);
                g.fillRect(bx + 1, t, barW - 2, baseY - t);
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, "%.0f", c.rssMib());
                g.drawString(label, bx + (barW - g.getFontMetrics().stringWidth(label)) / 2, t - 3);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.setColor(Color.BLACK);
            g.drawString(ws.get(a).id, gx + (impls.size() * barW) / 2 - 10, baseY + 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        g.setColor(Color.BLACK);
        g.drawLine(x0, baseY, x0 + w, baseY);
    }

    private static void drawRotated(Graphics2D g, String s, int x, int y) {
        Graphics2D g2 = (Graphics2D) g.create();
        g2.rotate(-Math.PI / 2, x, y);
        g2.drawString(s, x, y);
        g2.dispose();
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    private static String num(double v) {
        if (v >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (v >= 1) return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
    }
}

package org.followupmonitor.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/** Issues the drawing operations of one Kaplan-Meier figure, in painting order. */
final class KmPainter {
    private static final double CURVE_WIDTH = 2.4;
    // Bands of many groups overlap; lighter fills keep the curves readable.
    private static final double BAND_OPACITY = 0.16;
    private static final double BAND_OPACITY_MANY = 0.09;
    private static final double CENSOR_ARM = 4.5;

    private KmPainter() {
    }

    static void paint(KmPlotSpec spec, Canvas c) {
        KmLayout l = new KmLayout(spec);
        List<KmSeries> series = spec.series();
        c.rect(0, 0, spec.width(), spec.height(), Color.WHITE, 1.0, null, "background");
        if (!spec.title().isEmpty()) {
            c.text(l.plotLeft, 30, spec.title(), KmLayout.FONT_TITLE, true, KmPalette.INK, Canvas.Anchor.START,
                    "title");
        }
        c.begin("grid", null);
        for (double s : new double[] {0.25, 0.5, 0.75, 1.0}) {
            c.line(l.plotLeft, l.y(s), l.plotRight, l.y(s), KmPalette.GRID, 1, "grid-line");
        }
        c.end();

        // Bands first, then curves: no band may veil another group's curve.
        for (int i = 0; i < series.size(); i++) {
            KmSeries s = series.get(i);
            if (s.suppressed()) {
                continue;
            }
            c.begin("km-ci-group", s.label());
            for (double[] poly : bands(s, l)) {
                c.polygon(poly, KmPalette.colour(i), drawn(series) > 2 ? BAND_OPACITY_MANY : BAND_OPACITY, "km-ci");
            }
            c.end();
        }
        for (int i = 0; i < series.size(); i++) {
            KmSeries s = series.get(i);
            if (s.suppressed()) {
                continue;
            }
            Color colour = KmPalette.colour(i);
            c.begin("km-series", s.label());
            c.polyline(curve(s, l), colour, CURVE_WIDTH, "km-curve");
            c.begin("km-censor", s.label());
            for (double t : s.censorTimes()) {
                if (t <= l.xMax) {
                    c.plus(l.x(t), l.y(s.survivalAt(t)), CENSOR_ARM, colour, 1.5, "censor-mark");
                }
            }
            c.end();
            c.end();
        }

        axes(spec, l, c);
        legend(spec, l, c);
        atRiskTable(spec, l, c);
    }

    /** Right-continuous steps from S(0) = 1 (an incidence from 0) to the last follow-up, cut at the axis end. */
    static double[] curve(KmSeries s, KmLayout l) {
        double[] t = s.stepTimes();
        double[] v = s.survival();
        List<Double> xy = new ArrayList<>();
        add(xy, l.x(0), l.y(s.start()));
        double prev = s.start();
        for (int k = 0; k < t.length && t[k] <= l.xMax; k++) {
            add(xy, l.x(t[k]), l.y(prev));
            add(xy, l.x(t[k]), l.y(v[k]));
            prev = v[k];
        }
        double end = Math.min(s.endTime(), l.xMax);
        add(xy, l.x(end), l.y(prev));
        return xy.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Confidence band as step-shaped polygons: on [t_k, t_k+1) the band spans [lower_k, upper_k].
     * A run of intervals with both limits defined makes one polygon; an undefined limit (NaN)
     * breaks the band rather than inventing a value.
     */
    static List<double[]> bands(KmSeries s, KmLayout l) {
        double[] t = s.stepTimes();
        double[] lo = s.lower();
        double[] hi = s.upper();
        List<double[]> out = new ArrayList<>();
        if (lo.length == 0) {
            return out;
        }
        double end = s.endTime();
        int k = 0;
        while (k < t.length && t[k] < l.xMax) {
            if (Double.isNaN(lo[k]) || Double.isNaN(hi[k])) {
                k++;
                continue;
            }
            int from = k;
            while (k < t.length && t[k] < l.xMax && !Double.isNaN(lo[k]) && !Double.isNaN(hi[k])) {
                k++;
            }
            List<Double> upperEdge = new ArrayList<>();
            List<Double> lowerEdge = new ArrayList<>();
            for (int j = from; j < k; j++) {
                double a = Math.min(t[j], l.xMax);
                double b = Math.min(j + 1 < t.length ? t[j + 1] : end, l.xMax);
                add(upperEdge, l.x(a), l.y(hi[j]));
                add(upperEdge, l.x(b), l.y(hi[j]));
                add(lowerEdge, l.x(a), l.y(lo[j]));
                add(lowerEdge, l.x(b), l.y(lo[j]));
            }
            double[] poly = new double[upperEdge.size() + lowerEdge.size()];
            int p = 0;
            for (Double d : upperEdge) {
                poly[p++] = d;
            }
            for (int j = lowerEdge.size() - 2; j >= 0; j -= 2) {
                poly[p++] = lowerEdge.get(j);
                poly[p++] = lowerEdge.get(j + 1);
            }
            out.add(poly);
        }
        return out;
    }

    private static void axes(KmPlotSpec spec, KmLayout l, Canvas c) {
        c.begin("axes", null);
        c.line(l.plotLeft, l.plotTop, l.plotLeft, l.plotBottom, KmPalette.INK, 1.2, "y-axis");
        c.line(l.plotLeft, l.plotBottom, l.plotRight, l.plotBottom, KmPalette.INK, 1.2, "x-axis");
        for (int p = 0; p <= 100; p += 25) {
            double y = l.y(p / 100.0);
            c.line(l.plotLeft - KmLayout.TICK_LENGTH, y, l.plotLeft, y, KmPalette.INK, 1.2, "y-tick");
            c.text(l.plotLeft - KmLayout.TICK_LENGTH - 4, y + 4.5, p + "%", KmLayout.FONT_TICK, false,
                    KmPalette.INK, Canvas.Anchor.END, "y-tick-label");
        }
        int[] ticks = spec.atRiskTimes();
        for (int i = 0; i < ticks.length; i++) {
            double x = l.tickX[i];
            c.line(x, l.plotBottom, x, l.plotBottom + KmLayout.TICK_LENGTH, KmPalette.INK, 1.2, "x-tick");
            c.text(x, l.tickLabelBaseline, spec.timeScale().label(ticks[i]), KmLayout.FONT_TICK, false,
                    KmPalette.INK, Canvas.Anchor.MIDDLE, "x-tick-label");
        }
        c.text((l.plotLeft + l.plotRight) / 2, l.xTitleBaseline, spec.xLabel(), KmLayout.FONT_AXIS_TITLE, false,
                KmPalette.INK, Canvas.Anchor.MIDDLE, "x-title");
        c.verticalText(l.yTitleX, (l.plotTop + l.plotBottom) / 2, spec.yLabel(), KmLayout.FONT_AXIS_TITLE,
                KmPalette.INK, "y-title");
        c.end();
    }

    private static void legend(KmPlotSpec spec, KmLayout l, Canvas c) {
        c.begin("legend", null);
        c.rect(l.legendX, l.legendY, l.legendWidth, l.legendHeight, Color.WHITE, 0.9, KmPalette.GRID,
                "legend-box");
        List<KmSeries> series = spec.series();
        for (int i = 0; i < series.size(); i++) {
            KmSeries s = series.get(i);
            double baseline = l.legendY + 5 + KmLayout.LEGEND_ROW * (i + 1) - 6;
            double mid = baseline - 4.5;
            double x0 = l.legendX + 12;
            if (!s.suppressed()) {
                c.line(x0, mid, x0 + 26, mid, KmPalette.colour(i), 3, "legend-swatch");
            }
            c.text(x0 + 34, baseline, l.legendText(s), KmLayout.FONT_LEGEND, false,
                    s.suppressed() ? KmPalette.MUTED : KmPalette.INK, Canvas.Anchor.START,
                    s.suppressed() ? "legend-label suppressed" : "legend-label");
        }
        c.end();
    }

    private static void atRiskTable(KmPlotSpec spec, KmLayout l, Canvas c) {
        c.begin("at-risk-table", null);
        c.text(16, l.riskHeaderBaseline, "Number at risk", KmLayout.FONT_RISK, true, KmPalette.INK,
                Canvas.Anchor.START, "at-risk-title");
        List<KmSeries> series = spec.series();
        for (int i = 0; i < series.size(); i++) {
            KmSeries s = series.get(i);
            double y = l.riskRowBaseline(i);
            c.begin("at-risk-row", s.label());
            c.text(l.riskLabelRight, y, s.label(), KmLayout.FONT_RISK, true,
                    s.suppressed() ? KmPalette.MUTED : KmPalette.colour(i), Canvas.Anchor.END, "at-risk-label");
            if (s.suppressed()) {
                c.text(l.plotLeft, y, l.suppressedText(), KmLayout.FONT_RISK, false, KmPalette.MUTED,
                        Canvas.Anchor.START, "at-risk-suppressed");
            } else {
                int[] n = s.atRisk();
                for (int j = 0; j < n.length; j++) {
                    c.text(l.tickX[j], y, Integer.toString(n[j]), KmLayout.FONT_RISK, false, KmPalette.INK,
                            Canvas.Anchor.MIDDLE, "at-risk-count");
                }
            }
            c.end();
        }
        c.end();
    }

    private static long drawn(List<KmSeries> series) {
        return series.stream().filter(s -> !s.suppressed()).count();
    }

    private static void add(List<Double> xy, double x, double y) {
        xy.add(x);
        xy.add(y);
    }
}

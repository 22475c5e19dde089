package org.followupmonitor.report;

import java.util.List;

/**
 * Pixel geometry of a figure, shared by the SVG and PNG renderers so both place every element at
 * the same coordinates. Text widths are estimated (0.58 em a character, a little over DejaVu Sans'
 * and Arial's average) only to size margins and the legend box; no element position depends on a font's
 * real metrics, which keeps the SVG deterministic and identical across machines.
 */
final class KmLayout {
    static final double FONT_TITLE = 17;
    static final double FONT_AXIS_TITLE = 14;
    static final double FONT_TICK = 13;
    static final double FONT_LEGEND = 13;
    static final double FONT_RISK = 13;
    static final double TICK_LENGTH = 6;
    static final double RISK_ROW_HEIGHT = 22;
    static final double TITLE_BLOCK = 48;
    static final double RIGHT_MARGIN = 40;
    static final double LEGEND_ROW = 21;

    final KmPlotSpec spec;
    final double plotLeft;
    final double plotRight;
    final double plotTop;
    final double plotBottom;
    final double xMax;
    final double tickLabelBaseline;
    final double xTitleBaseline;
    final double riskHeaderBaseline;
    final double riskLabelRight;
    final double yTitleX;
    final double[] tickX;
    final double legendX;
    final double legendY;
    final double legendWidth;
    final double legendHeight;

    KmLayout(KmPlotSpec spec) {
        this.spec = spec;
        List<KmSeries> series = spec.series();
        int[] ticks = spec.atRiskTimes();
        xMax = ticks[ticks.length - 1];
        double maxLabel = 0;
        int maxCount = 0;
        for (KmSeries s : series) {
            maxLabel = Math.max(maxLabel, boldTextWidth(s.label(), FONT_RISK)); // row labels are bold
            for (int n : s.atRisk()) {
                maxCount = Math.max(maxCount, n);
            }
        }
        // the first at-risk column is centred on the y-axis, so half its width sits left of it
        double halfCount = textWidth(Integer.toString(maxCount), FONT_RISK) / 2;
        double labelGap = halfCount + 14;
        plotLeft = Math.min(spec.width() / 3.0, Math.max(84, 16 + maxLabel + labelGap));
        plotRight = spec.width() - RIGHT_MARGIN;
        plotTop = TITLE_BLOCK;
        plotBottom = spec.height() - bottomBlock(series.size());
        tickLabelBaseline = plotBottom + TICK_LENGTH + 17;
        xTitleBaseline = plotBottom + 46;
        riskHeaderBaseline = plotBottom + 80;
        riskLabelRight = plotLeft - labelGap;
        yTitleX = 24;
        tickX = new double[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            tickX[i] = x(ticks[i]);
        }
        double maxLegend = 0;
        for (KmSeries s : series) {
            maxLegend = Math.max(maxLegend, textWidth(legendText(s), FONT_LEGEND));
        }
        legendWidth = 12 + 26 + 8 + maxLegend + 12;
        legendHeight = 10 + LEGEND_ROW * series.size();
        double[] corner = chooseLegendCorner();
        legendX = corner[0];
        legendY = corner[1];
    }

    static double bottomBlock(int rows) {
        return 80 + RISK_ROW_HEIGHT * rows + 18;
    }

    static double plotHeightFor(int height, int rows) {
        return height - bottomBlock(rows) - TITLE_BLOCK;
    }

    static double boldTextWidth(String s, double fontSize) {
        return s.length() * fontSize * 0.66;
    }

    static double textWidth(String s, double fontSize) {
        return s.length() * fontSize * 0.58;
    }

    String legendText(KmSeries s) {
        return s.suppressed() ? s.label() + ": " + suppressedText() : s.label();
    }

    String suppressedText() {
        return "suppressed (n < " + spec.minCellSize() + ")";
    }

    /** Time in days to x pixel. */
    double x(double t) {
        return plotLeft + (plotRight - plotLeft) * t / xMax;
    }

    /** Survival probability to y pixel. */
    double y(double s) {
        return plotBottom - (plotBottom - plotTop) * s;
    }

    /** Baseline of the i-th at-risk row. */
    double riskRowBaseline(int i) {
        return riskHeaderBaseline + RISK_ROW_HEIGHT * (i + 1);
    }

    /**
     * Legend inside the plot where no curve or band passes: lower left (usually empty, curves start
     * at S = 1), else upper right, else lower right; lower left when all are crossed.
     */
    private double[] chooseLegendCorner() {
        double pad = 14;
        double[][] corners = {
            {plotLeft + pad, plotBottom - pad - legendHeight},
            {plotRight - pad - legendWidth, plotTop + pad},
            {plotRight - pad - legendWidth, plotBottom - pad - legendHeight},
        };
        for (double[] c : corners) {
            if (!crossed(c[0], c[1])) {
                return c;
            }
        }
        return corners[0];
    }

    private boolean crossed(double bx, double by) {
        double tFrom = (bx - plotLeft) / (plotRight - plotLeft) * xMax;
        double tTo = (bx + legendWidth - plotLeft) / (plotRight - plotLeft) * xMax;
        for (KmSeries s : spec.series()) {
            if (s.suppressed() || s.endTime() < tFrom) {
                continue;
            }
            double[] st = s.stepTimes();
            double[] lo = s.lower();
            double[] hi = s.upper();
            // the curve over [tFrom, min(tTo, end)] spans S values between S(tFrom) and S(min(tTo, end))
            double end = Math.min(tTo, s.endTime());
            // (an incidence rises: its highest value is at the end)
            double top = Math.max(s.survivalAt(tFrom), s.survivalAt(end));
            double bottom = Math.min(s.survivalAt(tFrom), s.survivalAt(end));
            for (int i = 0; i < st.length; i++) {
                if (st[i] <= end && (i + 1 == st.length || st[i + 1] > tFrom)) {
                    if (lo.length > 0 && !Double.isNaN(lo[i])) {
                        bottom = Math.min(bottom, lo[i]);
                    }
                    if (hi.length > 0 && !Double.isNaN(hi[i])) {
                        top = Math.max(top, hi[i]);
                    }
                }
            }
            double yTop = y(top);
            double yBottom = y(bottom);
            if (yBottom >= by - 4 && yTop <= by + legendHeight + 4) {
                return true;
            }
        }
        return false;
    }
}

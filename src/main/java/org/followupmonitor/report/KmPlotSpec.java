package org.followupmonitor.report;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a Kaplan-Meier figure shows. The x-axis runs from 0 to the last of
 * {@code atRiskTimes}; its ticks are exactly the at-risk times, so the number-at-risk table
 * lines up under them.
 *
 * @param title       figure title (may be empty)
 * @param xLabel      x-axis title, e.g. "Years since surgery"
 * @param yLabel      y-axis title, e.g. "Overall survival"
 * @param series      1 … {@link #MAX_SERIES} groups; colours follow list order (Okabe-Ito palette)
 * @param atRiskTimes tick and at-risk times in days: starts at 0, strictly increasing, at least 2
 * @param timeScale   how tick labels express the days
 * @param width       figure width in pixels, 400 … 4000
 * @param height      figure height in pixels, 300 … 4000; must leave at least 160 px for the plot area
 * @param minCellSize the privacy threshold k quoted by suppressed series ("suppressed (n &lt; k)"), ≥ 1
 */
public record KmPlotSpec(String title, String xLabel, String yLabel, List<KmSeries> series, int[] atRiskTimes,
                         TimeScale timeScale, int width, int height, int minCellSize) {

    /** The palette has eight colour-blind-safe colours. */
    public static final int MAX_SERIES = 8;

    public KmPlotSpec {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(timeScale, "timeScale");
        series = List.copyOf(Objects.requireNonNull(series, "series"));
        if (series.isEmpty() || series.size() > MAX_SERIES) {
            throw new IllegalArgumentException("a figure needs 1 to " + MAX_SERIES + " series, got " + series.size()
                    + "; split the groups over several figures");
        }
        atRiskTimes = Objects.requireNonNull(atRiskTimes, "atRiskTimes").clone();
        if (atRiskTimes.length < 2 || atRiskTimes[0] != 0) {
            throw new IllegalArgumentException("atRiskTimes must start at 0 and have at least 2 times, got "
                    + Arrays.toString(atRiskTimes));
        }
        for (int i = 1; i < atRiskTimes.length; i++) {
            if (atRiskTimes[i] <= atRiskTimes[i - 1]) {
                throw new IllegalArgumentException("atRiskTimes must be strictly increasing, got "
                        + Arrays.toString(atRiskTimes));
            }
        }
        for (KmSeries s : series) {
            if (!s.suppressed() && s.atRisk().length != atRiskTimes.length) {
                throw new IllegalArgumentException("series '" + s.label() + "' has " + s.atRisk().length
                        + " numbers at risk for " + atRiskTimes.length + " at-risk times");
            }
        }
        if (width < 400 || width > 4000 || height < 300 || height > 4000) {
            throw new IllegalArgumentException("width must be 400..4000 and height 300..4000 pixels, got "
                    + width + "x" + height);
        }
        if (minCellSize < 1) {
            throw new IllegalArgumentException("minCellSize must be >= 1, got " + minCellSize);
        }
        if (KmLayout.plotHeightFor(height, series.size()) < 160) {
            throw new IllegalArgumentException("height " + height + " leaves less than 160 px for the plot with "
                    + series.size() + " at-risk rows; make the figure taller");
        }
    }

    /**
     * A figure with the usual labels: "Time (years)" (or days/months), y "Survival probability",
     * 960 × 680 pixels, privacy threshold 11.
     */
    public static KmPlotSpec of(String title, List<KmSeries> series, int[] atRiskTimes, TimeScale scale) {
        return new KmPlotSpec(title, "Time (" + scale.unitName() + ")", "Survival probability", series,
                atRiskTimes, scale, 960, 680, 11);
    }

    /** Yearly ticks 0, 365, 730, 1096, 1461, 1826, … (365.25 days a year, rounded) up to {@code years}. */
    public static int[] yearlyTicks(int years) {
        if (years < 1 || years > 100) {
            throw new IllegalArgumentException("years must be within 1..100, got " + years);
        }
        int[] t = new int[years + 1];
        for (int y = 0; y <= years; y++) {
            t[y] = (int) Math.round(y * 365.25 - 0.25); // 1 y = 365, 2 = 730, 5 = 1826 as the study's milestones
        }
        return t;
    }

    @Override
    public int[] atRiskTimes() {
        return atRiskTimes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KmPlotSpec k && title.equals(k.title) && xLabel.equals(k.xLabel)
                && yLabel.equals(k.yLabel) && series.equals(k.series) && Arrays.equals(atRiskTimes, k.atRiskTimes)
                && timeScale == k.timeScale && width == k.width && height == k.height
                && minCellSize == k.minCellSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(title, xLabel, yLabel, series, Arrays.hashCode(atRiskTimes), timeScale, width, height,
                minCellSize);
    }

    @Override
    public String toString() {
        return "KmPlotSpec[" + title + ", " + series.size() + " series, " + width + "x" + height + "]";
    }
}

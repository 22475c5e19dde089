package org.followupmonitor.report;

import java.util.ArrayList;
import java.util.List;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.CurvePoint;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;

/** Builds the figure of an analysis result: one series per group, yearly ticks with at-risk counts. */
public final class FigureAdapter {
    private FigureAdapter() {}

    public static KmPlotSpec spec(AnalysisResult r, int minCellSize) {
        int last = 0;
        for (GroupResult g : r.groups()) {
            for (CurvePoint p : g.curve()) {
                last = Math.max(last, p.time());
            }
        }
        int years = Math.max(1, Math.min(30, (int) Math.ceil(last / 365.25)));
        int[] ticks = KmPlotSpec.yearlyTicks(years);
        List<KmSeries> series = new ArrayList<>();
        for (GroupResult g : r.groups()) {
            series.add(g.suppressed() ? KmSeries.suppressed(g.group()) : series(g, ticks));
        }
        String title = r.name() + ": " + r.endpoint() + " by " + (r.groupBy() == null ? "all" : r.groupBy());
        KmPlotSpec base = KmPlotSpec.of(title, series, ticks, TimeScale.YEARS);
        return new KmPlotSpec(base.title(), "Years from " + r.origin(), base.yLabel(), base.series(),
                base.atRiskTimes(), base.timeScale(), base.width(), base.height(), minCellSize);
    }

    static KmSeries series(GroupResult g, int[] ticks) {
        List<double[]> steps = new ArrayList<>();
        List<Double> censor = new ArrayList<>();
        for (CurvePoint p : g.curve()) {
            if (p.events() > 0 && p.survival() != null) {
                steps.add(new double[] {p.time(), p.survival(), nan(p.lower()), nan(p.upper())});
            }
            for (int k = 0; k < p.censored(); k++) {
                censor.add((double) p.time());
            }
        }
        double[] t = new double[steps.size()];
        double[] s = new double[steps.size()];
        double[] lo = new double[steps.size()];
        double[] hi = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            t[i] = steps.get(i)[0];
            s[i] = steps.get(i)[1];
            lo[i] = steps.get(i)[2];
            hi[i] = steps.get(i)[3];
        }
        int[] atRisk = new int[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            int tick = ticks[i];
            atRisk[i] = g.curve().stream().filter(p -> p.time() >= tick).findFirst().map(CurvePoint::atRisk).orElse(0);
        }
        return new KmSeries(g.group(), t, s, lo, hi, censor.stream().mapToDouble(Double::doubleValue).toArray(),
                atRisk, false);
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }
}

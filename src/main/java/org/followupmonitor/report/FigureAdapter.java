package org.followupmonitor.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The cumulative-incidence figures of a competing-risks result, one per cause (recurrence, then death): per group
     * the Aalen-Johansen curve of the cause with its confidence band, stepping where the cause has events, and under
     * the axis the number still event-free and at risk. Empty for other results.
     */
    public static Map<String, KmPlotSpec> incidenceSpecs(AnalysisResult r, int minCellSize) {
        Map<String, KmPlotSpec> out = new LinkedHashMap<>();
        if (r.grayTest() == null) {
            return out;
        }
        int last = 0;
        List<String> causes = new ArrayList<>();
        for (GroupResult g : r.groups()) {
            for (CurvePoint p : g.curve()) {
                last = Math.max(last, p.time());
            }
            if (g.cumulativeIncidence() != null) {
                g.cumulativeIncidence().forEach(c -> {
                    if (!causes.contains(c.cause())) {
                        causes.add(c.cause());
                    }
                });
            }
        }
        int years = Math.max(1, Math.min(30, (int) Math.ceil(last / 365.25)));
        int[] ticks = KmPlotSpec.yearlyTicks(years);
        for (String cause : causes) {
            List<KmSeries> series = new ArrayList<>();
            for (GroupResult g : r.groups()) {
                AnalysisResult.CumulativeIncidence ci = g.suppressed() || g.cumulativeIncidence() == null ? null
                        : g.cumulativeIncidence().stream().filter(c -> c.cause().equals(cause)).findFirst()
                                .orElse(null);
                series.add(ci == null ? KmSeries.suppressed(g.group()) : incidenceSeries(g, ci, ticks));
            }
            String what = cause.equals("death") ? "death without recurrence" : cause;
            String title = "Cumulative incidence of " + what + " by " + (r.groupBy() == null ? "all" : r.groupBy());
            out.put(cause, new KmPlotSpec(title, "Years from " + r.origin(), "Cumulative incidence of " + what,
                    series, ticks, TimeScale.YEARS, 960, 680, minCellSize));
        }
        return out;
    }

    static KmSeries incidenceSeries(GroupResult g, AnalysisResult.CumulativeIncidence ci, int[] ticks) {
        List<double[]> steps = new ArrayList<>();
        List<AnalysisResult.IncidencePoint> curve = ci.curve();
        for (AnalysisResult.IncidencePoint p : curve) {
            if (p.events() > 0 && p.incidence() != null) {
                steps.add(new double[] {p.time(), p.incidence(), nan(p.lower()), nan(p.upper())});
            }
        }
        double[] t = new double[steps.size()];
        double[] v = new double[steps.size()];
        double[] lo = new double[steps.size()];
        double[] hi = new double[steps.size()];
        double top = 0;
        for (int i = 0; i < steps.size(); i++) {
            t[i] = steps.get(i)[0];
            // Sums of products may end an ulp apart; the curve never decreases.
            top = Math.max(top, Math.min(1.0, steps.get(i)[1]));
            v[i] = top;
            lo[i] = steps.get(i)[2];
            hi[i] = steps.get(i)[3];
        }
        int[] atRisk = new int[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            int tick = ticks[i];
            atRisk[i] = curve.stream().filter(p -> p.time() >= tick).findFirst()
                    .map(AnalysisResult.IncidencePoint::atRisk).orElse(0);
        }
        // Censor marks where subjects left event-free: the cause-specific Kaplan-Meier curve of the group counts the
        // competing deaths among its censored, so they are taken off.
        Map<Integer, Integer> deaths = new java.util.HashMap<>();
        g.cumulativeIncidence().stream().filter(c -> c.cause().equals("death"))
                .forEach(c -> c.curve().forEach(p -> deaths.merge(p.time(), p.events(), Integer::sum)));
        List<Double> censor = new ArrayList<>();
        for (CurvePoint p : g.curve()) {
            for (int k = deaths.getOrDefault(p.time(), 0); k < p.censored(); k++) {
                censor.add((double) p.time());
            }
        }
        return new KmSeries(g.group(), t, v, lo, hi, censor.stream().mapToDouble(Double::doubleValue).toArray(),
                atRisk, false, true);
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }
}

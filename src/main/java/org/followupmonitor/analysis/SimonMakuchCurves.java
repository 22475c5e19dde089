package org.followupmonitor.analysis;

import static org.followupmonitor.analysis.Numbers.orNull;

import java.util.ArrayList;
import java.util.List;
import org.followupmonitor.survival.ConfidenceBand;
import org.followupmonitor.survival.KaplanMeier;
import org.followupmonitor.survival.KaplanMeierFit;

/**
 * Survival by the current level of each time-varying covariate (Simon &amp; Makuch, Stat Med 1984;3:35-44): every
 * subject followed for more than 0 days contributes its time before the covariate switches on to the first level's
 * curve and its time after to the second's, as R's {@code survfit(Surv(tstart, tstop, event) ~ x)} on
 * {@code tmerge(..., x = tdc(switch))} gives them (intervals cut at that covariate's switch only, so the curves do not
 * depend on the model's other covariates). A level fewer than the privacy minimum of subjects spent time at is
 * suppressed; a level nobody spent time at is left out, as R leaves it out.
 */
final class SimonMakuchCurves {
    private SimonMakuchCurves() {}

    static List<AnalysisResult.SimonMakuch> of(AnalysisDefinition def, AnalysisEngine.CoxRows rows, int minCellSize) {
        List<Variable> carried = def.covariates();
        List<AnalysisResult.SimonMakuch> out = new ArrayList<>();
        for (Variable v : def.timeVarying()) {
            int k = carried.indexOf(v);
            CoxIntervals iv = CoxIntervals.of(rows, new int[] {k}, i -> true);
            List<AnalysisResult.ExposureGroup> groups = new ArrayList<>();
            for (String level : v.levels().orElseThrow()) {
                int m = 0;
                for (int j = 0; j < iv.size(); j++) {
                    m += level.equals(iv.levelOf(rows, k, v, j)) ? 1 : 0;
                }
                if (m == 0) {
                    continue;
                }
                double[] start = new double[m];
                double[] stop = new double[m];
                boolean[] event = new boolean[m];
                int events = 0;
                for (int j = 0, q = 0; j < iv.size(); j++) {
                    if (level.equals(iv.levelOf(rows, k, v, j))) {
                        start[q] = iv.start()[j];
                        stop[q] = iv.stop()[j];
                        event[q++] = iv.event()[j];
                        events += iv.event()[j] ? 1 : 0;
                    }
                }
                // A subject has at most one interval per level: intervals are subjects here.
                if (m < minCellSize) {
                    groups.add(new AnalysisResult.ExposureGroup(level, true, null, null, List.of()));
                    continue;
                }
                groups.add(new AnalysisResult.ExposureGroup(level, false, m, events,
                        curve(KaplanMeier.fitCounting(start, stop, event), def)));
            }
            out.add(new AnalysisResult.SimonMakuch(v.label(), groups));
        }
        return out;
    }

    private static List<AnalysisResult.CurvePoint> curve(KaplanMeierFit fit, AnalysisDefinition def) {
        double[] se = fit.survivalStandardError();
        ConfidenceBand band = fit.confidenceBand(def.confidence());
        double[] time = fit.time();
        double[] s = fit.survival();
        double[] risk = fit.nRisk();
        double[] events = fit.nEvent();
        double[] censored = fit.nCensor();
        double[] lower = band.lower();
        double[] upper = band.upper();
        List<AnalysisResult.CurvePoint> curve = new ArrayList<>(fit.size());
        for (int i = 0; i < fit.size(); i++) {
            curve.add(new AnalysisResult.CurvePoint((int) time[i], (int) Math.round(risk[i]),
                    (int) Math.round(events[i]), (int) Math.round(censored[i]), orNull(s[i]), orNull(se[i]),
                    orNull(lower[i]), orNull(upper[i])));
        }
        return curve;
    }
}

package org.followupmonitor.alerts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.followupmonitor.analysis.AnalysisResult.Basis;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.CutCohort;
import org.followupmonitor.analysis.Monitoring;
import org.followupmonitor.survival.GroupSequentialLook;
import org.followupmonitor.survival.GroupSequentialState;
import org.followupmonitor.survival.SpendingFunction;

/**
 * Group-sequential monitoring of an analysis' group comparison: its formal looks, their Lan-DeMets boundaries, and
 * whether one of them crossed.
 *
 * <p><b>Looks are data cuts.</b> Look k is taken at the event date on which the observed endpoint events first reach
 * k &middot; lookStep &middot; plannedEvents (with a relative slack of 1e-9, so that 0.15 &middot; 120 counts as 18),
 * and a last threshold at plannedEvents; thresholds reached on the same date give one look. Its statistics are
 * computed on the data as the registry held them on the cut date ({@link CutCohort}): every patient censored at
 * their last event on or before it. So the history is a function of the events alone: the batch analysis and the
 * streaming app, whatever the arrival order, give the same looks, and events dated after a cut can never change
 * that look (only late-arriving or retracted events dated on or before it can). A cut on the clock's own date is
 * not taken until the clock has passed it.
 *
 * <p><b>Boundaries</b> come from the actual information fractions t_j = events_j / planned of this and all earlier
 * looks (Lan &amp; DeMets 1983; Jennison &amp; Turnbull 2000, sec. 7.2), computed by {@link GroupSequentialState}.
 * A look's boundary does not depend on later looks, so boundaries of a sequence of fractions are kept in a bounded
 * memo keyed by that sequence: recomputing a history with the same earlier looks costs only the new ones.
 *
 * <p><b>Over-running</b> (gsDesign's convention): the first look whose events reach plannedEvents is the final one.
 * Its information fraction is reported capped at 1 and its spending time is 1, so it spends all the alpha left; its
 * correlation with the earlier looks uses the events actually observed ({@link GroupSequentialState#finalLook}). No
 * look follows it.
 *
 * <p>"Crossed" at a look means |z_k| &gt;= c_k for the look's own log-rank z. It is never a comparison of a raw
 * p-value with 0.05: with repeated looks that inflates the false-alarm rate (about 14% after 5 looks, 25% after 20;
 * Armitage, McPherson &amp; Rowe 1969). The current z, between looks, is reported for information only.
 *
 * <p>Thread-safe: the memo is synchronised.
 */
public final class SequentialMonitor {
    /** Relative slack when deciding whether the events have reached k &middot; lookStep &middot; planned. */
    private static final double FRACTION_TOLERANCE = 1e-9;

    /**
     * Grid parameter of the integration. Twice the survival package's default: with looks every 5% the
     * O'Brien-Fleming boundaries at r = 32 are off by up to 1.7e-6 (looks 7-9) against a converged integration,
     * at r = 64 by 1e-7; boundaries are memoised per sequence of fractions, so the fourfold cost does not matter.
     */
    static final int GRID_R = 64;

    /** Sequences of looks kept in the memo. */
    private static final int MEMO_SIZE = 512;

    private final Map<ScheduleKey, GroupSequentialState> memo = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ScheduleKey, GroupSequentialState> eldest) {
            return size() > MEMO_SIZE;
        }
    };

    /** A monitor with an empty memo. */
    public SequentialMonitor() {
    }

    /**
     * The event counts at which looks are due: k &middot; lookStep &middot; plannedEvents for every k with
     * k &middot; lookStep below 1, then plannedEvents (each lowered by the relative slack, so a product that rounds
     * just above a whole number is reached by it).
     */
    public static double[] thresholds(Monitoring spec) {
        Objects.requireNonNull(spec, "spec");
        int regular = (int) Math.floor((1 - FRACTION_TOLERANCE) / spec.lookStep());
        // A step that divides 1 has its last multiple at 1 (up to rounding): that is the final threshold itself.
        if (regular > 0 && Math.abs(regular * spec.lookStep() - 1) <= FRACTION_TOLERANCE) {
            regular--;
        }
        double[] t = new double[regular + 1];
        for (int k = 1; k <= regular; k++) {
            t[k - 1] = k * spec.lookStep() * spec.plannedEvents() * (1 - FRACTION_TOLERANCE);
        }
        t[regular] = spec.plannedEvents();
        return t;
    }

    /**
     * The look history of the given data cuts (from {@link CutCohort#cuts} at {@link #thresholds}): boundaries from
     * the actual fractions, z from each cut's log-rank.
     *
     * @throws IllegalArgumentException when the cuts' events do not increase, or a cut follows the final one
     */
    public List<Look> looks(Monitoring spec, List<CutCohort.Cut> cuts) {
        Objects.requireNonNull(spec, "spec");
        List<Look> out = new ArrayList<>(cuts.size());
        List<Double> fractions = new ArrayList<>(cuts.size());
        for (CutCohort.Cut cut : cuts) {
            if (!out.isEmpty() && out.get(out.size() - 1).finalLook()) {
                throw new IllegalArgumentException("no look follows the final look; got a cut on " + cut.date());
            }
            fractions.add((double) cut.events() / spec.plannedEvents());
            GroupSequentialLook look = schedule(spec, fractions).lastLook().orElseThrow();
            double z = LogRankZ.monitored(cut.counts().tables());
            boolean finite = Double.isFinite(look.boundary());
            out.add(new Look(out.size() + 1, cut.date().toString(), cut.events(), look.fraction(),
                    Double.isFinite(z) ? z : null, finite ? look.boundary() : null, look.cumulativeAlpha(),
                    finite && !Double.isNaN(z) && look.crossedBy(z), cut.events() >= spec.plannedEvents()));
        }
        return out;
    }

    /**
     * The status now.
     *
     * @param observedEvents endpoint events observed so far, &gt;= 0
     * @param z              the current signed log-rank z (see {@link LogRankZ}); NaN when undefined
     * @param looks          the look history ({@link #looks})
     * @param basis          what the history reflects; null while not computed
     * @return informationFraction = min(1, observed / planned); the latest look's boundary (null before the first or
     *         when it spends no alpha); crossed when a look crossed its boundary
     * @throws IllegalArgumentException when spec or looks is null, or observedEvents is negative
     */
    public MonitoringStatus status(Monitoring spec, int observedEvents, double z, List<Look> looks, Basis basis) {
        if (spec == null || looks == null) {
            throw new IllegalArgumentException("monitoring spec and looks are required; configure a monitoring block");
        }
        if (observedEvents < 0) {
            throw new IllegalArgumentException("observedEvents must be >= 0, was " + observedEvents);
        }
        double fraction = Math.min(1.0, (double) observedEvents / spec.plannedEvents());
        Double boundary = looks.isEmpty() ? null : looks.get(looks.size() - 1).boundary();
        boolean crossed = looks.stream().anyMatch(Look::crossed);
        return new MonitoringStatus(spec.plannedEvents(), observedEvents, fraction, label(spec.spending()),
                spec.alpha(), spec.lookStep(), Double.isFinite(z) ? z : null, boundary, crossed, looks, basis);
    }

    /** The JSON label of a spending shape: obrien-fleming or pocock. */
    public static String label(Monitoring.Spending spending) {
        return switch (Objects.requireNonNull(spending, "spending")) {
            case OBRIEN_FLEMING -> "obrien-fleming";
            case POCOCK -> "pocock";
        };
    }

    private static SpendingFunction spending(Monitoring.Spending s) {
        return switch (s) {
            case OBRIEN_FLEMING -> SpendingFunction.OBRIEN_FLEMING;
            case POCOCK -> SpendingFunction.POCOCK;
        };
    }

    /**
     * The state after looks at the given fractions (observed / planned events; the last may be 1 or more, the final
     * look), from the longest sequence already in the memo.
     */
    private GroupSequentialState schedule(Monitoring spec, List<Double> fractions) {
        synchronized (memo) {
            int have = fractions.size();
            GroupSequentialState s = null;
            while (have > 0 && (s = memo.get(key(spec, fractions.subList(0, have)))) == null) {
                have--;
            }
            if (s == null) {
                s = GroupSequentialState.start(spending(spec.spending()), spec.alpha(), GRID_R);
            }
            for (int k = have; k < fractions.size(); k++) {
                double f = fractions.get(k);
                s = f >= 1 ? s.finalLook(f) : s.look(f);
                memo.put(key(spec, fractions.subList(0, k + 1)), s);
            }
            return s;
        }
    }

    private static ScheduleKey key(Monitoring spec, List<Double> fractions) {
        return new ScheduleKey(spec.spending(), spec.alpha(), List.copyOf(fractions));
    }

    private record ScheduleKey(Monitoring.Spending spending, double alpha, List<Double> fractions) {}
}

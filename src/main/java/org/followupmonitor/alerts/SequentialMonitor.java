package org.followupmonitor.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.Monitoring;
import org.followupmonitor.survival.GroupSequentialLook;
import org.followupmonitor.survival.GroupSequentialState;
import org.followupmonitor.survival.SpendingFunction;

/**
 * Group-sequential monitoring of an analysis' group comparison: which formal looks the data have reached, the
 * two-sided Lan-DeMets boundary at the latest one, and whether the current log-rank z crosses it.
 *
 * <p>The looks are a function of the observed number of endpoint events only, so a batch run and the
 * streaming app (which recomputes many times between looks) see the same looks and the same boundary:
 * <ul>
 *   <li>formal looks at information fractions t_k = k &middot; lookStep for k = 1 .. floor(min(1, events /
 *       planned) / lookStep) (with a relative tolerance of 1e-9 so that 0.15 / 0.05 counts as 3);</li>
 *   <li>plus a final look at t = 1 once events &gt;= planned, unless 1 is already a multiple of lookStep.</li>
 * </ul>
 * The boundary at look k is that of the Lan-DeMets procedure that took exactly the looks t_1 .. t_k
 * (Lan &amp; DeMets 1983; Jennison &amp; Turnbull 2000, sec. 7.2), computed by {@link GroupSequentialState}. A
 * boundary at look k does not depend on later looks, so the looks of one schedule are computed once and kept
 * in a memo keyed by (spending function, alpha, lookStep): a later call with more looks only adds the new
 * ones, at O(m^2) each.
 *
 * <p>"Crossed" compares the current z with the boundary of the latest formal look, |z| &gt;= c_k. It is never a
 * comparison of a raw p-value with 0.05: with repeated looks that inflates the false-alarm rate (about 14%
 * after 5 looks, 25% after 20; Armitage, McPherson &amp; Rowe 1969). Between looks z moves with the data while
 * the boundary stays at the latest look's, which is the usual DMC reading of "z at the current analysis
 * against the boundary of the current look".
 *
 * <p>Thread-safe: the memo is shared and only ever extended.
 */
public final class SequentialMonitor {
    /** Relative slack when deciding whether events / planned has reached k &middot; lookStep. */
    private static final double FRACTION_TOLERANCE = 1e-9;

    /**
     * Grid parameter of the integration. Twice the survival package's default: with looks every 5% the
     * O'Brien-Fleming boundaries at r = 32 are off by up to 1.7e-6 (looks 7-9) against a converged integration,
     * at r = 64 by 1e-7; each look is computed once per schedule, so the fourfold cost does not matter.
     */
    static final int GRID_R = 64;

    private final Map<ScheduleKey, Schedule> memo = new ConcurrentHashMap<>();

    /** A monitor with an empty memo. */
    public SequentialMonitor() {
    }

    /**
     * The monitoring status for the given data.
     *
     * @param spec           the analysis' monitoring block
     * @param observedEvents endpoint events observed so far, &gt;= 0
     * @param z              the signed two-group log-rank z (see {@link LogRankZ}); NaN when undefined (then
     *                       never crossed)
     * @return status with informationFraction = observed / planned (may exceed 1 for an overrunning study;
     *         the looks are capped at 1), the number of formal looks, z (null when NaN), the boundary at the
     *         latest look (null before the first; +Infinity is reported as null too, meaning "cannot reject"),
     *         and crossed
     * @throws IllegalArgumentException when spec is null or observedEvents is negative
     */
    public MonitoringStatus status(Monitoring spec, int observedEvents, double z) {
        if (spec == null) {
            throw new IllegalArgumentException("monitoring spec must not be null; configure a monitoring block");
        }
        if (observedEvents < 0) {
            throw new IllegalArgumentException("observedEvents must be >= 0, was " + observedEvents);
        }
        double fraction = (double) observedEvents / spec.plannedEvents();
        int looks = lookCount(spec, observedEvents);
        Double boundary = null;
        boolean crossed = false;
        if (looks > 0) {
            GroupSequentialLook last = looks(spec, looks).get(looks - 1);
            boundary = Double.isFinite(last.boundary()) ? last.boundary() : null;
            crossed = !Double.isNaN(z) && last.crossedBy(z);
        }
        return new MonitoringStatus(spec.plannedEvents(), observedEvents, fraction, looks,
                Double.isFinite(z) ? z : null, boundary, crossed, label(spec.spending()));
    }

    /**
     * Number of formal looks reached with this many events (see the class comment).
     *
     * @throws IllegalArgumentException when observedEvents is negative
     */
    public static int lookCount(Monitoring spec, int observedEvents) {
        if (observedEvents < 0) {
            throw new IllegalArgumentException("observedEvents must be >= 0, was " + observedEvents);
        }
        double t = Math.min(1.0, (double) observedEvents / spec.plannedEvents());
        int regular = (int) Math.floor(t / spec.lookStep() * (1 + FRACTION_TOLERANCE));
        int full = regularLooksToOne(spec.lookStep());
        boolean finalExtra = observedEvents >= spec.plannedEvents() && !onGrid(spec.lookStep(), full);
        return Math.min(regular, full) + (finalExtra ? 1 : 0);
    }

    /**
     * The information fractions of the first {@code count} looks of the schedule.
     *
     * @throws IllegalArgumentException when count is negative or exceeds the schedule's length
     */
    public static double[] fractions(double lookStep, int count) {
        int full = regularLooksToOne(lookStep);
        int max = full + (onGrid(lookStep, full) ? 0 : 1);
        if (count < 0 || count > max) {
            throw new IllegalArgumentException("look count must lie in [0, " + max + "] for lookStep " + lookStep
                    + ", was " + count);
        }
        double[] t = new double[count];
        for (int k = 1; k <= count; k++) {
            // The last regular look of a step that divides 1 is exactly 1, not 0.9999999999999999.
            t[k - 1] = k > full || (k == full && onGrid(lookStep, full)) ? 1.0 : k * lookStep;
        }
        return t;
    }

    /**
     * The first {@code count} looks of the spec's schedule with their boundaries, from the memo.
     *
     * @throws IllegalArgumentException when count is out of range for the schedule
     */
    public List<GroupSequentialLook> looks(Monitoring spec, int count) {
        double[] t = fractions(spec.lookStep(), count);
        ScheduleKey key = new ScheduleKey(spec.spending(), spec.alpha(), spec.lookStep());
        Schedule schedule = memo.computeIfAbsent(key, k -> new Schedule(
                GroupSequentialState.start(spending(k.spending()), k.alpha(), GRID_R)));
        return schedule.extendTo(t);
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

    /** Regular looks k &middot; step within (0, 1], counting one that is 1 up to rounding. */
    private static int regularLooksToOne(double step) {
        return (int) Math.floor((1 + FRACTION_TOLERANCE) / step);
    }

    /** True when look number {@code full} of this step is 1 up to rounding. */
    private static boolean onGrid(double step, int full) {
        return Math.abs(full * step - 1) <= FRACTION_TOLERANCE;
    }

    private record ScheduleKey(Monitoring.Spending spending, double alpha, double lookStep) {}

    /** The looks computed so far for one schedule, and the state to extend them from. */
    private static final class Schedule {
        private GroupSequentialState state;

        Schedule(GroupSequentialState start) {
            this.state = start;
        }

        synchronized List<GroupSequentialLook> extendTo(double[] fractions) {
            List<GroupSequentialLook> have = state.looks();
            if (have.size() < fractions.length) {
                GroupSequentialState s = state;
                for (int k = have.size(); k < fractions.length; k++) {
                    s = s.look(fractions[k]);
                }
                state = s;
            }
            return new ArrayList<>(state.looks().subList(0, fractions.length));
        }
    }
}

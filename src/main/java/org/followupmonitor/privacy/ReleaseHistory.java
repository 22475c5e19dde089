package org.followupmonitor.privacy;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What earlier releases of the stream tell the attacker, as the next release's plan and audit take it: the last
 * release as published, and for each count the growth attacker links between releases (an analysis' subjects,
 * a group's patients: {@link GrowthAudit#grows}) the least value all releases up to it imply ({@code floors}).
 *
 * <p>The attacker model across releases is the growth attacker's ({@link GrowthAudit}): each release's equations
 * ({@link AttackerModel}), and between releases only that a count of patients never shrinks. This is the
 * "tables over time" case of tabular disclosure control (Hundepool et al., <i>Statistical Disclosure Control</i>,
 * Wiley 2012, ch. 5: linked tables; a new release is protected with the earlier releases' published cells as
 * fixed context, and a count that is suppressed in one release but derivable from the difference of two
 * releases is a disclosure). Under that model, everything the releases before the last one tell about the next
 * release passes through the last release's linked counts: x(next) &ge; x(last) &ge; x(earlier). The summary
 * keeps, per linked count, the least value the whole history implies for it (a published count: its value; a
 * withheld one: the lower end of its range when that release was planned, over the window of it and the one
 * before with that window's floors, so the bound is transitive). This is bounded (one number per cohort and
 * group) and exact for what single counts imply. It drops joint information about two or more withheld counts
 * of a release before the last (e.g. two withheld groups whose sum an earlier release published, while the last
 * release withholds their total): the README states it as a limit. The audit of a sequence
 * ({@link GrowthAudit#sequence}) uses the same model, so the planner's check is the audit's.
 *
 * <p>That a floor is at least 1 (the count has a patient) is part of the shape the audit measures narrowing against
 * ({@link Protection}): knowing a withheld count non-empty narrows nothing, so counts the history shows non-empty
 * inside a withheld total make it at least their number, as listed groups do in one release. Without that, three
 * releases that all withhold everything could "narrow" a total to 2 .. ∞ ({@code SequenceShapeTest}), which no plan
 * can avoid.
 *
 * <p>Upper bounds flow backwards (a later release can narrow an earlier withheld count from above): the plan of
 * a release checks the last release's withheld counts too; releases further back are checked only through the
 * last one.
 */
public final class ReleaseHistory {
    /** No release yet: the plan is the single-release one (as {@code analyze}'s). */
    public static final ReleaseHistory NONE = new ReleaseHistory(null, Map.of());

    private final Release last;
    private final Map<String, Long> floors;
    private AttackerModel lastModel;

    /**
     * @param last the last release as published (null for none)
     * @param floors by count name (as {@link AttackerModel} names it), the least value earlier releases imply
     */
    public ReleaseHistory(Release last, Map<String, Long> floors) {
        this.last = last;
        this.floors = Map.copyOf(floors);
    }

    public Release last() {
        return last;
    }

    public Map<String, Long> floors() {
        return floors;
    }

    /** The attacker's model of a candidate release given this history. */
    AttackerModel model(Release candidate) {
        AttackerModel next = AttackerModel.of(candidate);
        if (last == null) {
            return next;
        }
        if (lastModel == null) {
            lastModel = AttackerModel.of(last);
        }
        return AttackerModel.sequence(lastModel, next, GrowthAudit::grows, floors);
    }

    /** The history once {@code published} is released after this one. */
    public ReleaseHistory next(Release published) {
        if (published.equals(last)) {
            return this; // the same publication again tells nothing new
        }
        AttackerModel model = model(published);
        LinearSystem s = model.system();
        Set<Integer> linked = new TreeSet<>();
        for (int v = 0; v < s.variables().size(); v++) {
            String name = s.variables().get(v).name();
            if (!name.startsWith(AttackerModel.EARLIER) && GrowthAudit.grows(name)) {
                linked.add(v);
            }
        }
        Map<String, Long> out = new TreeMap<>();
        RangeSolver solver = null;
        for (int v : linked) {
            LinearSystem.Variable x = s.variables().get(v);
            long floor;
            if (x.known() != null) {
                floor = x.known();
            } else {
                if (solver == null) {
                    solver = new RangeSolver(s, linked);
                }
                floor = solver.low(v);
            }
            if (floor > 0) {
                out.put(x.name(), floor);
            }
        }
        return new ReleaseHistory(published, out);
    }
}

package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The attacker across releases of the stream: one who holds every release and assumes that the stream's counts
 * of patients only grow, so that a cohort's or a group's size in one release is at most the same count in the
 * next (retractions, erasures and patients moving between groups make that false; the relations are then soft
 * and the attacker assumes the least disagreement, {@link RangeSolver}).
 *
 * <p>{@link #sequence} is the exact audit: every release's equations at once, linked by growth between
 * consecutive releases ({@link AttackerModel#chain}). {@link #floors} is the model the stream's release stage plans
 * with: each release chained exactly with a window of the releases before it, and the least values the releases
 * before the window imply for its counts ({@link ReleaseHistory}). That model is a relaxation of the exact one (its
 * floor relations are implied by the exact system), so the exact audit finds every narrowing it finds, and also those
 * that need joint facts about withheld counts of a release that has left the window. Both use the same growth
 * assumption (consecutive releases, the same counts: {@link #grows}) and the same shape rule (a count the history
 * shows non-empty is shape).
 */
public final class GrowthAudit {
    private GrowthAudit() {}

    /**
     * The exact audit of a sequence of releases, in order: every withheld count of every release
     * ({@code "release 3: ..."}), its verdict given all the releases together and growth between consecutive ones;
     * a narrowed count's range in full, a protected one's as far as its verdict needed
     * ({@link PrivacyAudit#verdicts}).
     */
    public static PrivacyAudit.Report sequence(List<Release> releases, int minCellSize) {
        return sequence(releases, minCellSize, false);
    }

    /**
     * @param ranges every withheld count's range in full (two linear programs per count over the whole sequence,
     *     whose size grows with the number of releases), not only the narrowed ones'
     */
    public static PrivacyAudit.Report sequence(List<Release> releases, int minCellSize, boolean ranges) {
        List<AttackerModel> models = new ArrayList<>();
        List<Set<String>> nonEmpty = new ArrayList<>();
        // The shape rule as the floors of one release at a time imply it (the audit's own, whatever the planner's window).
        ReleaseHistory history = ReleaseHistory.none(1);
        for (int i = 0; i < releases.size(); i++) {
            models.add(AttackerModel.of(releases.get(i)));
            if (i + 1 < releases.size()) {
                // The shape rule of the planner's model, unchanged: a count whose floor is at least 1 has a patient.
                history = history.next(releases.get(i));
                Set<String> shown = new TreeSet<>();
                history.floors().forEach((name, floor) -> {
                    if (floor > 0) {
                        shown.add(name);
                    }
                });
                nonEmpty.add(shown);
            }
        }
        AttackerModel chain = AttackerModel.chain(models, GrowthAudit::grows, nonEmpty);
        if (ranges) {
            return PrivacyAudit.audit(chain, minCellSize, true);
        }
        // A count's shape bound from its own release alone: the sequence's shape holds every relation of it (same
        // counts renamed, plus growth and the non-empty marks), so it implies at least as much; a small program.
        Map<String, long[]> origin = new HashMap<>();
        for (int r = 0; r < models.size(); r++) {
            for (AttackerModel.Cell c : models.get(r).cells()) {
                origin.put(AttackerModel.prefix(r) + c.name(), new long[] {r, c.variable()});
            }
        }
        Map<Integer, RangeSolver> shapes = new HashMap<>();
        return PrivacyAudit.verdicts(chain, minCellSize, c -> {
            long[] o = origin.get(c.name());
            int r = (int) o[0];
            RangeSolver shape = shapes.computeIfAbsent(r, k -> {
                Set<Integer> keep = new TreeSet<>();
                models.get(k).cells().forEach(x -> keep.add(x.variable()));
                return new RangeSolver(models.get(k).system().shapeOnly(), keep);
            });
            return Math.max(c.structural(), shape.low((int) o[1]));
        });
    }

    /**
     * The planner's model of a sequence (a relaxation of {@link #sequence}): the first release on its own, each
     * later one chained exactly with the window of releases before it and the floors of all before those
     * ({@link ReleaseHistory}). The findings name the release ({@code "release 3: ..."}); a count of an earlier
     * release narrowed by a later one is reported under the later one's number with the prefix {@code "earlier 1: "}
     * (the release before it), {@code "earlier 2: "} (the one before that), and so on.
     */
    public static PrivacyAudit.Report floors(List<Release> releases, int minCellSize) {
        return floors(releases, minCellSize, ReleaseHistory.WINDOW);
    }

    /**
     * @param window releases the planner's history keeps in full ({@link ReleaseHistory}; 1: the last one only, the
     *     model before windows)
     */
    public static PrivacyAudit.Report floors(List<Release> releases, int minCellSize, int window) {
        List<PrivacyAudit.Finding> findings = new ArrayList<>();
        double drift = 0;
        int solves = 0;
        ReleaseHistory history = ReleaseHistory.none(window);
        for (int i = 0; i < releases.size(); i++) {
            PrivacyAudit.Report r = PrivacyAudit.audit(history.model(releases.get(i)), minCellSize, true);
            for (PrivacyAudit.Finding f : r.findings()) {
                findings.add(new PrivacyAudit.Finding("release " + (i + 1) + ": " + f.cell(), f.range(),
                        f.structural(), f.protectedCell()));
            }
            drift = Math.max(drift, r.drift());
            solves += r.linearPrograms();
            history = history.next(releases.get(i));
        }
        return new PrivacyAudit.Report(findings, drift, solves);
    }

    /** The later release's and the earlier one's withheld counts given both releases and growth between them. */
    public static PrivacyAudit.Report audit(Release earlier, Release later, int minCellSize) {
        return PrivacyAudit.audit(new ReleaseHistory(earlier, java.util.Map.of()).model(later), minCellSize, true);
    }

    /** Counts the attacker takes to grow: cohort sizes and group sizes. */
    static boolean grows(String name) {
        return name.endsWith(": subjects") || name.endsWith(": patients") && name.contains(": group ");
    }
}

package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * The attacker across releases of the stream: one who holds every release and assumes that the stream's counts
 * of patients only grow, so that a cohort's or a group's size in one release is at most the same count in the
 * next (retractions, erasures and patients moving between groups make that false; the relations are then soft
 * and the attacker assumes the least disagreement, {@link RangeSolver}). Each release is audited against the one
 * before it, with the least values the releases before that one imply for its counts ({@link ReleaseHistory}):
 * the model the stream's release stage plans with, so that the plan's check and this audit agree.
 */
public final class GrowthAudit {
    private GrowthAudit() {}

    /**
     * Every release of a sequence, in order: the first on its own, each later one with the one before it and the
     * floors of all before that. The findings name the release ({@code "release 3: ..."}); a count of an earlier
     * release narrowed by a later one is reported under the later one's number with the prefix
     * {@code "earlier: "}.
     */
    public static PrivacyAudit.Report sequence(List<Release> releases, int minCellSize) {
        List<PrivacyAudit.Finding> findings = new ArrayList<>();
        double drift = 0;
        int solves = 0;
        ReleaseHistory history = ReleaseHistory.NONE;
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

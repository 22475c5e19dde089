package org.followupmonitor.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * A stronger attacker than the per-release model: one who assumes that the stream's counts only grow, so
 * that a patient count in one release is at most the same count in the next. Retractions, erasures and
 * patients moving between groups (an operation makes "no surgery" "surgery") make that assumption false, and
 * the planner does not defend against it (each release is protected on its own); this audit measures how
 * much such an attacker learns from consecutive releases (the README's known limits). It links the cohort
 * sizes and group sizes of two consecutive releases.
 */
public final class GrowthAudit {
    private GrowthAudit() {}

    /** The later release's withheld counts given both releases and growth between them. */
    public static PrivacyAudit.Report audit(Release earlier, Release later, int minCellSize) {
        AttackerModel model = AttackerModel.sequence(AttackerModel.of(earlier), AttackerModel.of(later),
                GrowthAudit::grows);
        PrivacyAudit.Checker checker = new PrivacyAudit.Checker(model, minCellSize);
        List<PrivacyAudit.Finding> findings = new ArrayList<>();
        for (AttackerModel.Cell c : model.cells()) {
            findings.add(checker.check(c, true));
        }
        return new PrivacyAudit.Report(findings, checker.solver.drift(), checker.solves());
    }

    /** Counts the attacker takes to grow: cohort sizes and group sizes. */
    static boolean grows(String name) {
        return name.endsWith(": subjects") || name.endsWith(": patients") && name.contains(": group ");
    }
}

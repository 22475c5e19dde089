package org.followupmonitor.analysis;

import java.util.List;
import org.followupmonitor.analysis.AnalysisResult.Basis;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.FollowUp;
import org.followupmonitor.analysis.AnalysisResult.Look;

/**
 * The parts of an analysis' result that need its individual subjects rather than its counts, computed together
 * from one {@link SubjectSnapshot}: the Cox model, the follow-up completeness and the look history of sequential
 * monitoring. {@code basis} says what they reflect; each part carries it too.
 *
 * @param basis    the clock, subjects and events of the snapshot, and whether the cohort has changed since
 * @param cox      the Cox summary, null when the analysis has no Cox model
 * @param followUp the follow-up part, null when no rule of the analysis needs it
 * @param looks    the formal looks reached, empty without monitoring
 * @param fineGray the Fine-Gray model, null unless the analysis has competing risks and a Cox model
 */
public record SubjectParts(Basis basis, CoxSummary cox, FollowUp followUp, List<Look> looks,
        AnalysisResult.FineGraySummary fineGray) {
    /** Parts without a Fine-Gray model. */
    public SubjectParts(Basis basis, CoxSummary cox, FollowUp followUp, List<Look> looks) {
        this(basis, cox, followUp, looks, null);
    }

    public SubjectParts {
        java.util.Objects.requireNonNull(basis, "basis");
        looks = List.copyOf(looks);
    }

    /** The same parts, marked stale (the cohort changed since the snapshot) or not. */
    public SubjectParts withStale(boolean stale) {
        if (basis.stale() == stale) {
            return this;
        }
        Basis b = basis.withStale(stale);
        return new SubjectParts(b, cox == null ? null : cox.withBasis(b),
                followUp == null ? null : new FollowUp(followUp.alive(), followUp.completeness(), followUp.overdue(),
                        followUp.milestones(), b), looks, fineGray == null ? null : fineGray.withBasis(b));
    }
}

package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.function.LongConsumer;
import org.followupmonitor.analysis.AnalysisResult.Basis;
import org.followupmonitor.analysis.AnalysisResult.CoxSummary;
import org.followupmonitor.analysis.AnalysisResult.FollowUp;
import org.followupmonitor.analysis.AnalysisResult.Look;

/**
 * What one analysis keeps of each subject for the parts of its result that counts cannot give ({@link SubjectParts}):
 * Cox rows (with a Cox model), follow-up dates by group (with a follow-up-overdue or milestone-below rule) and cut
 * histories (with sequential monitoring). The batch analysis fills one patient by patient; the streaming app fills one
 * from its in-memory copy of the cohort's subjects whenever it refreshes these parts. Both then compute the parts
 * here, so the two give the same numbers. Not thread-safe while filling.
 */
public final class SubjectSnapshot {
    private final AnalysisDefinition analysis;
    private final CoxRowStore cox;
    private final FollowUpColumns followUp;
    private final CutCohort.Builder cuts;
    /** The cut cohort, once built (its builder hands its arrays over). */
    private CutCohort cutCohort;
    /** Reused for every patient's cut history in the batch path. */
    private SubjectRows.Lean cutRow;
    private int subjects;
    private int events;

    /** An empty snapshot for the analysis. */
    public SubjectSnapshot(AnalysisDefinition analysis) {
        this.analysis = analysis;
        this.cox = analysis.cox().isPresent() ? new CoxRowStore(analysis) : null;
        this.followUp = needsFollowUp(analysis) ? new FollowUpColumns() : null;
        this.cuts = analysis.monitoring().isPresent() ? CutCohort.builder(analysis) : null;
    }

    /** Whether the analysis has a part that needs individual subjects. */
    public static boolean needed(AnalysisDefinition analysis) {
        return analysis.cox().isPresent() || needsFollowUp(analysis) || analysis.monitoring().isPresent();
    }

    /** Whether the analysis reports follow-up completeness: it has a follow-up-overdue or milestone-below rule. */
    public static boolean needsFollowUp(AnalysisDefinition analysis) {
        return analysis.hasAlert(AlertRule.Kind.FOLLOW_UP_OVERDUE) || analysis.hasAlert(AlertRule.Kind.MILESTONE_BELOW);
    }

    /**
     * Adds one subject (the streaming and timeline paths).
     *
     * @param row      the subject's row now, null when it has none
     * @param followUp its follow-up dates (only with a row), null when the analysis does not need them
     * @param history  its cut history, null when it never had a row or the analysis is not monitored
     */
    public void add(SubjectRow row, FollowUpRecord followUp, CutHistory history) {
        if (row != null) {
            count(row.event());
            if (cox != null) {
                cox.add(row);
            }
            if (this.followUp != null && followUp != null) {
                this.followUp.add(followUp, row.group());
            }
        }
        if (cuts != null) {
            cuts.add(history);
        }
    }

    /** Adds one patient of the batch path: their derived row (null flag) and facts. */
    void add(DataQualityFlag flag, SubjectRows.Lean row, PatientFacts facts) {
        if (flag == null) {
            count(row.event);
            if (cox != null) {
                cox.add(row);
            }
            if (followUp != null) {
                followUp.add(Math.toIntExact(SubjectRows.followUpStart(facts, analysis).toEpochDay()),
                        Math.toIntExact(facts.lastEvent.toEpochDay()), facts.death != null, row.group);
            }
        }
        // A patient dated after the import's reference date is left out of every analysis, its looks included.
        if (cuts != null && flag != DataQualityFlag.EMPTY_TIMELINE && flag != DataQualityFlag.DATE_AFTER_AS_OF) {
            cutRow = cutRow == null ? new SubjectRows.Lean(analysis) : cutRow;
            cuts.add(SubjectRows.cutHistory(facts, analysis, cutRow));
        }
    }

    private void count(boolean event) {
        subjects++;
        events += event ? 1 : 0;
    }

    /** Subjects with a row. */
    public int subjects() {
        return subjects;
    }

    /**
     * Computes the parts, one step after another on the caller's thread; {@code afterEachStep} hears how long each
     * took (ordering the Cox rows, each Cox model, the follow-up, the looks), so a background thread sharing the
     * cores with the stream can rest between them.
     *
     * @param asOf        the analysis clock the snapshot was taken at (ISO date), null when no event was seen
     * @param stale       whether the cohort has already changed since
     * @param minCellSize privacy minimum
     * @param monitor     computes the look history
     * @param threads     threads for the Cox fits (1: the caller's thread only)
     */
    public SubjectParts parts(String asOf, boolean stale, int minCellSize, Monitor monitor, int threads,
            LongConsumer afterEachStep) {
        Basis basis = new Basis(asOf, subjects, events, stale);
        CoxSummary coxSummary = null;
        AnalysisResult.FineGraySummary fineGray = null;
        if (cox != null) {
            long t0 = System.nanoTime();
            AnalysisEngine.CoxRows sorted = cox.sorted();
            afterEachStep.accept(System.nanoTime() - t0);
            coxSummary = AnalysisEngine.cox(analysis, sorted, minCellSize, threads, afterEachStep).withBasis(basis);
            if (analysis.endpoint().competing()) {
                t0 = System.nanoTime();
                fineGray = CompetingParts.fineGray(analysis, sorted, minCellSize).withBasis(basis);
                afterEachStep.accept(System.nanoTime() - t0);
            }
        }
        LocalDate clock = asOf == null ? null : LocalDate.parse(asOf);
        FollowUp followUpPart = null;
        if (followUp != null && clock != null) {
            long t0 = System.nanoTime();
            followUpPart = followUp.part(analysis, clock, minCellSize, basis);
            afterEachStep.accept(System.nanoTime() - t0);
        }
        List<Look> looks = List.of();
        if (cuts != null) {
            long t0 = System.nanoTime();
            cutCohort = cutCohort == null ? cuts.build() : cutCohort;
            looks = monitor.looks(analysis, cutCohort, clock);
            afterEachStep.accept(System.nanoTime() - t0);
        }
        return new SubjectParts(basis, coxSummary, followUpPart, looks, fineGray);
    }
}

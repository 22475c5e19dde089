package org.followupmonitor.stream;

import org.followupmonitor.alerts.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;

/**
 * What the cohort processor keeps of one subject of one analysis, for the parts of a result that need
 * individual subjects rather than counts: the Cox model (its row) and the overdue-follow-up check (its
 * follow-up dates). No patient identifier; the store key carries a one-way hash of it.
 *
 * @param row the subject row, or null when the patient is excluded from the analysis
 * @param followUp the follow-up dates, or null when the analysis has no follow-up rule or the patient is excluded
 */
public record SubjectEntry(SubjectRow row, FollowUpRecord followUp) {
    public SubjectEntry {
        if (row == null && followUp == null) {
            throw new IllegalArgumentException("a subject entry holds a row, follow-up dates or both; "
                    + "a subject with neither is removed instead");
        }
    }
}

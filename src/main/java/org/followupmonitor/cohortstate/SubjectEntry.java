package org.followupmonitor.cohortstate;

import org.followupmonitor.analysis.CutHistory;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;

/**
 * What the cohort processor keeps of one subject of one analysis, for the parts of a result that need
 * individual subjects rather than counts: the Cox model (its row), the follow-up checks (its follow-up dates) and
 * the look history of sequential monitoring (its cut history). No patient identifier; the store key carries a
 * one-way hash of it.
 *
 * @param row the subject row, or null when the patient is excluded from the analysis now
 * @param followUp the follow-up dates, or null when the analysis needs none or the patient has no row
 * @param cuts the patient's row as of each of their event dates, or null when the analysis is not monitored or the
 *     patient never had a row (a patient excluded now may have had one on an earlier date)
 */
public record SubjectEntry(SubjectRow row, FollowUpRecord followUp, CutHistory cuts) {
    public SubjectEntry {
        if (row == null && followUp == null && cuts == null) {
            throw new IllegalArgumentException("a subject entry holds a row, follow-up dates or a cut history; "
                    + "a subject with none is removed instead");
        }
    }
}

package org.followupmonitor.stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.SubjectRow;

/**
 * What one subject now contributes to one analysis; flows from the timeline processor to the
 * cohort processor through the repartition topic keyed by analysis name. {@code subject} is a
 * one-way hash of the patient key, so no patient identifier leaves the timeline store.
 *
 * @param row the subject row, or null when excluded
 * @param flag the exclusion flag name, or null for a row
 * @param lastSeen the patient's latest event date in effect (ISO), null for an empty timeline
 * @param followUp follow-up dates for the overdue-follow-up alert, null when excluded
 */
public record SubjectChange(String analysis, String subject, SubjectRow row, String flag, String lastSeen,
        FollowUp followUp) {

    /** Start of follow-up and last contact (ISO dates), and whether the patient died. */
    public record FollowUp(String start, String lastContact, boolean dead) {
        static FollowUp of(org.followupmonitor.alerts.FollowUpRecord r) {
            return new FollowUp(r.start().toString(), r.lastContact().toString(), r.dead());
        }

        @JsonIgnore
        public org.followupmonitor.alerts.FollowUpRecord record() {
            return new org.followupmonitor.alerts.FollowUpRecord(java.time.LocalDate.parse(start),
                    java.time.LocalDate.parse(lastContact), dead);
        }
    }

    public SubjectChange {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(subject, "subject");
        if ((row == null) == (flag == null)) {
            throw new IllegalArgumentException("a subject change carries a row or a flag, not both or neither");
        }
    }

    public static SubjectChange of(String analysis, String subject, Derivation d, String lastSeen,
            FollowUp followUp) {
        if (d instanceof Derivation.Row r) {
            return new SubjectChange(analysis, subject, r.row(), null, lastSeen, followUp);
        }
        return new SubjectChange(analysis, subject, null, ((Derivation.Excluded) d).flag().name(), lastSeen, followUp);
    }

    @JsonIgnore
    public Derivation derivation() {
        return row != null ? new Derivation.Row(row) : new Derivation.Excluded(DataQualityFlag.valueOf(flag));
    }

    /** The subject left the analysis entirely (empty or erased timeline): its entry is deleted. */
    @JsonIgnore
    public boolean isRemoval() {
        return DataQualityFlag.EMPTY_TIMELINE.name().equals(flag);
    }
}

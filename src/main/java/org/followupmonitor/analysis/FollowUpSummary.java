package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.OptionalInt;

/**
 * Follow-up completeness of an analysis at the analysis clock.
 *
 * <p>Overdue: alive (no death recorded) and more than {@code overdueDays} days between the last contact and
 * the clock, the registry's "no news for 15 months" rule (455 days). The horizon does not apply to it: a
 * patient lost to follow-up is a registry problem whatever the analysis window.
 *
 * <p>Completeness is Clark's C (Clark, Altman &amp; De Stavola, Lancet 2002;359:1309-10): the sum of observed
 * follow-up over the sum of potential follow-up. Per patient, potential follow-up runs from the start to the
 * death or, for a patient alive, to the clock; observed follow-up runs from the start to the last contact or
 * the death. So a death is complete follow-up and a patient seen on the clock day is too. When the analysis
 * has a horizon H, both are cut at start + H: follow-up beyond the horizon does not enter the analysis, so its
 * absence is no loss.
 *
 * <p>The clock is the latest event date seen in the cohort, not the wall clock, so replaying historical data
 * gives the figures live operation gave at the time.
 *
 * @param patients      records summarised
 * @param alive         patients without a recorded death
 * @param overdue       alive patients whose last contact is more than overdueDays before the clock
 * @param observedDays  sum of observed follow-up, days
 * @param potentialDays sum of potential follow-up, days
 * @param completeness  Clark's C = observedDays / potentialDays in [0, 1]; NaN when potentialDays is 0
 */
public record FollowUpSummary(int patients, int alive, int overdue, long observedDays, long potentialDays,
        double completeness) {
    public FollowUpSummary {
        if (patients < 0 || alive < 0 || alive > patients || overdue < 0 || overdue > alive) {
            throw new IllegalArgumentException("counts must satisfy 0 <= overdue <= alive <= patients; got patients "
                    + patients + ", alive " + alive + ", overdue " + overdue);
        }
        if (observedDays < 0 || observedDays > potentialDays) {
            throw new IllegalArgumentException("observed follow-up must lie in [0, potential]; got " + observedDays
                    + " of " + potentialDays);
        }
    }

    /**
     * Summarises the records at the clock.
     *
     * @param records     one per analysed patient
     * @param clock       the analysis clock; not before any record's last contact
     * @param overdueDays days without contact after which an alive patient is overdue, &gt; 0
     * @param horizonDays the analysis' horizon, if any (&gt; 0)
     * @throws IllegalArgumentException when an argument is null or out of range, or a record's last contact is
     *                                  after the clock (the clock must be the latest event date seen)
     */
    public static FollowUpSummary of(Collection<FollowUpRecord> records, LocalDate clock, int overdueDays,
            OptionalInt horizonDays) {
        if (records == null || clock == null || horizonDays == null) {
            throw new IllegalArgumentException("records, clock and horizonDays are required");
        }
        if (overdueDays <= 0) {
            throw new IllegalArgumentException("overdueDays must be > 0, was " + overdueDays);
        }
        if (horizonDays.isPresent() && horizonDays.getAsInt() <= 0) {
            throw new IllegalArgumentException("horizonDays must be > 0, was " + horizonDays.getAsInt());
        }
        FollowUpColumns columns = new FollowUpColumns();
        for (FollowUpRecord r : records) {
            if (r.lastContact().isAfter(clock)) {
                throw new IllegalArgumentException("a last contact (" + r.lastContact() + ") is after the clock "
                        + clock + "; the clock must be the latest event date of the cohort");
            }
            columns.add(r, SubjectRow.ALL);
        }
        return columns.summary(clock, overdueDays, horizonDays);
    }
}

package org.followupmonitor.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.SubjectRows;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.Payload;

/**
 * What one patient contributes to the follow-up checks of one analysis, without any identifier: a value the
 * streaming app can keep per (analysis, patient) and replace when the patient's timeline changes.
 *
 * @param start       start of follow-up: the analysis' origin date, plus the landmark when one is set
 * @param lastContact the last date the patient was known alive (the latest event in effect); the death date
 *                    for a patient who died; not before {@code start}
 * @param dead        true when the timeline records a death
 */
public record FollowUpRecord(LocalDate start, LocalDate lastContact, boolean dead) {
    public FollowUpRecord {
        Objects.requireNonNull(start, "start: required");
        Objects.requireNonNull(lastContact, "lastContact: required");
        if (lastContact.isBefore(start)) {
            throw new IllegalArgumentException("lastContact " + lastContact + " is before the start of follow-up "
                    + start + "; derive records with FollowUpRecord.of");
        }
    }

    /**
     * The record of a patient for an analysis: empty when {@link SubjectRows#derive} excludes the patient from
     * it (they then have no follow-up in this analysis), so the checks cover exactly the analysed subjects.
     * A pure function of (timeline, analysis), like the subject row.
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static Optional<FollowUpRecord> of(PatientTimeline timeline, AnalysisDefinition analysis) {
        if (timeline == null || analysis == null) {
            throw new IllegalArgumentException("timeline and analysis are required");
        }
        return of(timeline, analysis, SubjectRows.derive(timeline, analysis));
    }

    /**
     * As {@link #of(PatientTimeline, AnalysisDefinition)} for a caller that has already derived the patient's
     * row for the analysis ({@code derivation} must be {@code SubjectRows.derive(timeline, analysis)}).
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static Optional<FollowUpRecord> of(PatientTimeline timeline, AnalysisDefinition analysis,
            Derivation derivation) {
        if (timeline == null || analysis == null || derivation == null) {
            throw new IllegalArgumentException("timeline, analysis and derivation are required");
        }
        if (!(derivation instanceof Derivation.Row)) {
            return Optional.empty();
        }
        Optional<LocalDate> origin = SubjectRows.originDate(timeline, analysis.origin());
        if (origin.isEmpty()) {
            return Optional.empty();
        }
        LocalDate start = origin.get().plusDays(analysis.landmarkDays().orElse(0));
        List<ClinicalEvent> events = timeline.effectiveEvents();
        // A subject row guarantees no event after a death, so the last event is the death when there is one.
        LocalDate last = events.get(events.size() - 1).occurredOn();
        boolean dead = events.stream().anyMatch(e -> e.payload() instanceof Payload.Death);
        return Optional.of(new FollowUpRecord(start, last, dead));
    }

    /**
     * As {@link #of(PatientTimeline, AnalysisDefinition, Derivation)} from the patient's facts, collected once for
     * every analysis ({@code derivation} must be {@code SubjectRows.derive(facts, analysis)}).
     *
     * @throws IllegalArgumentException when an argument is null
     */
    public static Optional<FollowUpRecord> of(PatientFacts facts, AnalysisDefinition analysis, Derivation derivation) {
        if (facts == null || analysis == null || derivation == null) {
            throw new IllegalArgumentException("facts, analysis and derivation are required");
        }
        if (!(derivation instanceof Derivation.Row)) {
            return Optional.empty();
        }
        LocalDate start = SubjectRows.followUpStart(facts, analysis);
        // A subject row guarantees no event after a death, so the last event is the death when there is one.
        return start == null ? Optional.empty()
                : Optional.of(new FollowUpRecord(start, facts.lastEvent, facts.death != null));
    }

    /**
     * The latest event date in effect in a timeline, empty when it has none: the analysis clock is the maximum
     * of this over every patient seen (excluded ones too).
     *
     * @throws IllegalArgumentException when timeline is null
     */
    public static Optional<LocalDate> latestEventDate(PatientTimeline timeline) {
        if (timeline == null) {
            throw new IllegalArgumentException("timeline is required");
        }
        List<ClinicalEvent> events = timeline.effectiveEvents();
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1).occurredOn());
    }
}

package org.followupmonitor.stream;

import io.micrometer.core.instrument.Counter;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.SubjectRows;
import org.followupmonitor.events.AvroEvents;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.PatientTimelineState;

/**
 * Keeps each patient's whole timeline and, whenever it changes, derives the patient's contribution
 * to every analysis again from the whole timeline. That makes the outcome independent of arrival
 * order, duplicates and late corrections, and a patient has tens of events, so it is cheap.
 * Only contributions that changed are sent on.
 */
final class TimelineProcessor implements Processor<String, PatientEvent, String, SubjectChange> {
    private final List<AnalysisDefinition> analyses;
    private final Counter processed;
    private ProcessorContext<String, SubjectChange> context;
    private KeyValueStore<String, PatientTimelineState> timelines;

    TimelineProcessor(List<AnalysisDefinition> analyses, Counter processed) {
        this.analyses = analyses;
        this.processed = processed;
    }

    @Override
    public void init(ProcessorContext<String, SubjectChange> context) {
        this.context = context;
        this.timelines = context.getStateStore(Names.TIMELINES_STORE);
    }

    /** Only analyses with a follow-up rule need the dates; the others skip the work. */
    private static SubjectChange.FollowUp followUp(PatientTimeline t, AnalysisDefinition def) {
        boolean needed = def.alerts().stream()
                .anyMatch(a -> a.rule() == org.followupmonitor.analysis.AlertRule.Kind.FOLLOW_UP_OVERDUE);
        return needed ? org.followupmonitor.alerts.FollowUpRecord.of(t, def).map(SubjectChange.FollowUp::of).orElse(null)
                : null;
    }

    @Override
    public void process(Record<String, PatientEvent> record) {
        String key = record.key();
        if (key == null || key.isBlank()) {
            throw new InvalidEventException("record has no patient key");
        }
        if (record.value() == null) {
            throw new InvalidEventException("record has no value (tombstones are not events; use an Erasure)");
        }
        ClinicalEvent event;
        try {
            event = AvroEvents.fromAvro(record.value());
        } catch (RuntimeException e) {
            throw new InvalidEventException("invalid event: " + e.getMessage());
        }
        if (!key.equals(event.patientId())) {
            throw new InvalidEventException("the event's patient does not match the record key");
        }
        processed.increment();
        PatientTimelineState stored = timelines.get(key);
        PatientTimeline before = stored == null ? PatientTimeline.empty() : AvroEvents.fromAvro(stored);
        PatientTimeline after = before.with(event);
        if (after.equals(before)) {
            return; // a duplicate, or a late event for an erased patient
        }
        // An erased patient keeps only an empty, erased marker, so later events stay erased.
        timelines.put(key, AvroEvents.toAvro(after));
        String subject = CohortKeys.subjectOf(key);
        LocalDate lastBefore = BatchAnalysis.lastSeen(before);
        LocalDate lastAfter = BatchAnalysis.lastSeen(after);
        String lastSeen = lastAfter == null ? null : lastAfter.toString();
        for (AnalysisDefinition def : analyses) {
            Derivation was = SubjectRows.derive(before, def);
            Derivation is = SubjectRows.derive(after, def);
            SubjectChange.FollowUp followUpBefore = followUp(before, def);
            SubjectChange.FollowUp followUpAfter = followUp(after, def);
            if (!was.equals(is) || !Objects.equals(lastBefore, lastAfter)
                    || !Objects.equals(followUpBefore, followUpAfter)) {
                context.forward(new Record<>(def.name(),
                        SubjectChange.of(def.name(), subject, is, lastSeen, followUpAfter), record.timestamp()));
            }
        }
    }
}

package org.followupmonitor.events;

import java.util.ArrayList;
import java.util.List;
import org.followupmonitor.events.avro.PatientEvent;
import org.followupmonitor.events.avro.PatientTimelineState;

/** Maps between the domain {@link ClinicalEvent} and the generated Avro {@link PatientEvent}. */
public final class AvroEvents {
    private AvroEvents() {
    }

    /** The Avro form of a domain event. */
    public static PatientEvent toAvro(ClinicalEvent event) {
        return PatientEvent.newBuilder()
                .setEventId(event.eventId())
                .setPatientId(event.patientId())
                .setSite(event.site())
                .setOccurredOn(event.occurredOn())
                .setRecordedAt(event.recordedAt())
                .setPayload(payloadToAvro(event.payload()))
                .build();
    }

    /**
     * The domain form of an Avro event.
     *
     * @throws IllegalArgumentException when the record breaks a domain rule (e.g. grade 7), naming the field
     */
    public static ClinicalEvent fromAvro(PatientEvent event) {
        return new ClinicalEvent(event.getEventId(), event.getPatientId(), event.getSite(), event.getOccurredOn(),
                event.getRecordedAt(), payloadFromAvro(event.getPayload()));
    }

    /** The store form of a timeline (for the patient-timelines state store). */
    public static PatientTimelineState toAvro(PatientTimeline timeline) {
        List<PatientEvent> events = new ArrayList<>(timeline.events().size());
        timeline.events().forEach(e -> events.add(toAvro(e)));
        return new PatientTimelineState(timeline.erased(), events);
    }

    /**
     * A timeline from its store form.
     *
     * @throws IllegalArgumentException when an event breaks a domain rule or the events are not canonical
     */
    public static PatientTimeline fromAvro(PatientTimelineState state) {
        List<ClinicalEvent> events = new ArrayList<>(state.getEvents().size());
        state.getEvents().forEach(e -> events.add(fromAvro(e)));
        return new PatientTimeline(state.getErased(), events);
    }

    private static Object payloadToAvro(Payload payload) {
        if (payload instanceof Payload.Diagnosis d) {
            return org.followupmonitor.events.avro.Diagnosis.newBuilder()
                    .setAge(d.age()).setGrade(d.grade()).setTStage(d.tStage()).setNStage(d.nStage())
                    .setPositiveNodes(d.positiveNodes()).setEr(d.er()).setPr(d.pr()).setHer2(d.her2())
                    .setKi67Percent(d.ki67Percent()).setSubtype(d.subtype())
                    .setMetastasisSites(new ArrayList<>(d.metastasisSites())).build();
        } else if (payload instanceof Payload.SystemicResponse r) {
            return new org.followupmonitor.events.avro.SystemicResponse(r.response(), r.diseaseControlled());
        } else if (payload instanceof Payload.Therapy t) {
            return new org.followupmonitor.events.avro.Therapy(t.therapy());
        } else if (payload instanceof Payload.Surgery s) {
            return new org.followupmonitor.events.avro.Surgery(s.procedure(), s.margin());
        } else if (payload instanceof Payload.Recurrence r) {
            return new org.followupmonitor.events.avro.Recurrence(r.site());
        } else if (payload instanceof Payload.Death d) {
            return new org.followupmonitor.events.avro.Death(d.cause());
        } else if (payload instanceof Payload.FollowUp f) {
            return new org.followupmonitor.events.avro.FollowUp(f.status());
        } else if (payload instanceof Payload.Retraction r) {
            return new org.followupmonitor.events.avro.Retraction(r.retractedEventId());
        }
        return new org.followupmonitor.events.avro.Erasure(((Payload.Erasure) payload).reason());
    }

    private static Payload payloadFromAvro(Object payload) {
        if (payload instanceof org.followupmonitor.events.avro.Diagnosis d) {
            return new Payload.Diagnosis(d.getAge(), d.getGrade(), d.getTStage(), d.getNStage(), d.getPositiveNodes(),
                    d.getEr(), d.getPr(), d.getHer2(), d.getKi67Percent(), d.getSubtype(), d.getMetastasisSites());
        } else if (payload instanceof org.followupmonitor.events.avro.SystemicResponse r) {
            return new Payload.SystemicResponse(r.getResponse(), r.getDiseaseControlled());
        } else if (payload instanceof org.followupmonitor.events.avro.Therapy t) {
            return new Payload.Therapy(t.getTherapy());
        } else if (payload instanceof org.followupmonitor.events.avro.Surgery s) {
            return new Payload.Surgery(s.getProcedure(), s.getMargin());
        } else if (payload instanceof org.followupmonitor.events.avro.Recurrence r) {
            return new Payload.Recurrence(r.getSite());
        } else if (payload instanceof org.followupmonitor.events.avro.Death d) {
            return new Payload.Death(d.getCause());
        } else if (payload instanceof org.followupmonitor.events.avro.FollowUp f) {
            return new Payload.FollowUp(f.getStatus());
        } else if (payload instanceof org.followupmonitor.events.avro.Retraction r) {
            return new Payload.Retraction(r.getRetractedEventId());
        } else if (payload instanceof org.followupmonitor.events.avro.Erasure e) {
            return new Payload.Erasure(e.getReason());
        }
        throw new IllegalArgumentException("payload: unsupported type "
                + (payload == null ? "null" : payload.getClass().getSimpleName()));
    }
}

package org.followupmonitor.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All events of one patient, reduced to a canonical form so that the same set of events gives an equal
 * timeline whatever order they arrived in and however often each was delivered.
 *
 * <p>Rules (each is a function of the set of events, hence independent of arrival order):
 * <ul>
 *   <li>Events are de-duplicated by {@code eventId}. Two different versions of one id keep the one
 *       recorded last ({@code recordedAt}), ties broken by content, so the choice is deterministic.</li>
 *   <li>A Retraction removes the event it names, whether that event arrived before or after it. The
 *       retraction itself is kept (so a target arriving later is still removed) but is not clinical.
 *       Retractions and erasures cannot be retracted: to undo a retraction, send the event again with a
 *       new id.</li>
 *   <li>An Erasure empties the timeline for good: the timeline keeps no event and only remembers that the
 *       patient is erased, so any later event of that patient is dropped too (consent withdrawal wins).</li>
 * </ul>
 *
 * <p>The timeline holds no patient id of its own; callers key it by patient. Events are kept sorted by
 * date, then type, then id.
 *
 * @param erased true once an Erasure was seen; then {@code events} is empty
 * @param events de-duplicated events including retractions, sorted; empty when erased
 */
public record PatientTimeline(boolean erased, List<ClinicalEvent> events) {
    private static final PatientTimeline EMPTY = new PatientTimeline(false, List.of());
    private static final PatientTimeline ERASED = new PatientTimeline(true, List.of());

    /** Canonical order: date, then payload type order, then event id. */
    public static final Comparator<ClinicalEvent> ORDER = Comparator.comparing(ClinicalEvent::occurredOn)
            .thenComparingInt(e -> Payload.TYPES.indexOf(e.type()))
            .thenComparing(ClinicalEvent::eventId);

    /** Which of two versions of one event id is kept: the later recorded, then the larger content. */
    private static final Comparator<ClinicalEvent> VERSION = Comparator.comparing(ClinicalEvent::recordedAt)
            .thenComparing(ClinicalEvent::toString)
            .thenComparing(ClinicalEvent::site);

    public PatientTimeline {
        events = List.copyOf(events);
        if (erased && !events.isEmpty()) {
            throw new IllegalArgumentException("events: an erased timeline holds no events");
        }
        // Equality of timelines relies on the canonical form; a stored form read back must already be in it.
        // A patient has a handful of events: comparing ids pairwise spares a hash set per decoded timeline.
        Set<String> ids = events.size() > SMALL ? new HashSet<>() : null;
        for (int i = 0; i < events.size(); i++) {
            ClinicalEvent e = events.get(i);
            if (e.payload() instanceof Payload.Erasure) {
                throw new IllegalArgumentException("events: an erasure is kept as erased=true, not as an event");
            }
            boolean repeated = ids == null ? seenBefore(events, i) : !ids.add(e.eventId());
            if (repeated || (i > 0 && ORDER.compare(events.get(i - 1), e) > 0)) {
                throw new IllegalArgumentException("events: not de-duplicated and sorted; build the timeline with "
                        + "PatientTimeline.of(events)");
            }
        }
    }

    /** Up to this many events, ids are checked for repeats pairwise rather than with a hash set. */
    private static final int SMALL = 16;

    private static boolean seenBefore(List<ClinicalEvent> events, int i) {
        String id = events.get(i).eventId();
        for (int j = 0; j < i; j++) {
            if (events.get(j).eventId().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** A timeline without events. */
    public static PatientTimeline empty() {
        return EMPTY;
    }

    /** The timeline of a collection of events of one patient (any order, duplicates allowed). */
    public static PatientTimeline of(Collection<ClinicalEvent> events) {
        Map<String, ClinicalEvent> byId = new HashMap<>();
        for (ClinicalEvent e : events) {
            if (e.payload() instanceof Payload.Erasure) {
                return ERASED;
            }
            byId.merge(e.eventId(), e, (a, b) -> VERSION.compare(a, b) >= 0 ? a : b);
        }
        List<ClinicalEvent> sorted = new ArrayList<>(byId.values());
        sorted.sort(ORDER);
        return new PatientTimeline(false, sorted);
    }

    /** This timeline with one more event (the streaming step); equal to {@code of(all events)}. */
    public PatientTimeline with(ClinicalEvent event) {
        if (erased) {
            return this;
        }
        if (event.payload() instanceof Payload.Erasure) {
            return ERASED;
        }
        List<ClinicalEvent> all = new ArrayList<>(events.size() + 1);
        all.addAll(events);
        all.add(event);
        return of(all);
    }

    /** The clinical events in effect: not retractions or erasures, and not retracted. Sorted. */
    public List<ClinicalEvent> effectiveEvents() {
        // Most timelines have no retraction: then no set is made (derived from at every change and each start).
        Set<String> retracted = null;
        for (ClinicalEvent e : events) {
            if (e.payload() instanceof Payload.Retraction r) {
                retracted = retracted == null ? new HashSet<>() : retracted;
                retracted.add(r.retractedEventId());
            }
        }
        List<ClinicalEvent> result = new ArrayList<>(events.size());
        for (ClinicalEvent e : events) {
            if (e.isClinical() && (retracted == null || !retracted.contains(e.eventId()))) {
                result.add(e);
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "PatientTimeline[erased=" + erased + ", events=" + events + "]";
    }
}

package org.followupmonitor.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.followupmonitor.events.EventSamples.event;

import java.time.Instant;
import java.util.List;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.ErasureReason;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.TherapyType;
import org.junit.jupiter.api.Test;

class PatientTimelineTest {
    private final ClinicalEvent dx = event("d", "2016-01-01", EventSamples.diagnosis(2, 2, ReceptorStatus.POSITIVE,
            ReceptorStatus.POSITIVE, ReceptorStatus.NEGATIVE, 10.0));
    private final ClinicalEvent chemo = event("c", "2016-02-01", new Payload.Therapy(TherapyType.CHEMOTHERAPY));
    private final ClinicalEvent death = event("x", "2018-01-01", new Payload.Death(DeathCause.OTHER));
    private final ClinicalEvent retractDeath = event("r", "2018-02-01", new Payload.Retraction("x"));
    private final ClinicalEvent erasure = event("z", "2019-01-01", new Payload.Erasure(ErasureReason.CONSENT_WITHDRAWN));

    @Test
    void duplicatesAreKeptOnceAndEventsSortedByDate() {
        PatientTimeline t = PatientTimeline.of(List.of(death, dx, chemo, dx, death));
        assertThat(t.events()).containsExactly(dx, chemo, death);
    }

    @Test
    void aRetractionRemovesItsTargetWhetherItArrivesBeforeOrAfterIt() {
        PatientTimeline after = PatientTimeline.empty().with(dx).with(death).with(retractDeath);
        PatientTimeline before = PatientTimeline.empty().with(retractDeath).with(dx).with(death);
        assertThat(after.effectiveEvents()).containsExactly(dx);
        assertThat(before).isEqualTo(after);
    }

    @Test
    void anErasureEmptiesThePatientAndLaterEventsStayErased() {
        PatientTimeline t = PatientTimeline.empty().with(dx).with(erasure).with(chemo).with(death);
        assertThat(t.erased()).isTrue();
        assertThat(t.events()).isEmpty();
        assertThat(t).isEqualTo(PatientTimeline.of(List.of(chemo, erasure)));
    }

    @Test
    void aRetractionCannotUndoAnErasureOrAnotherRetraction() {
        ClinicalEvent undoErasure = event("u", "2019-02-01", new Payload.Retraction("z"));
        assertThat(PatientTimeline.of(List.of(dx, erasure, undoErasure)).erased()).isTrue();
        ClinicalEvent undoRetraction = event("v", "2019-02-01", new Payload.Retraction("r"));
        assertThat(PatientTimeline.of(List.of(dx, death, retractDeath, undoRetraction)).effectiveEvents())
                .containsExactly(dx);
    }

    @Test
    void twoVersionsOfOneIdKeepTheLaterRecordedWhateverTheOrder() {
        ClinicalEvent first = new ClinicalEvent("f", "patient-a", "site-1", dx.occurredOn().plusDays(400),
                Instant.parse("2017-01-01T00:00:00Z"), new Payload.FollowUp(FollowUpStatus.ALIVE_WITH_DISEASE));
        ClinicalEvent corrected = new ClinicalEvent("f", "patient-a", "site-1", dx.occurredOn().plusDays(500),
                Instant.parse("2017-06-01T00:00:00Z"), new Payload.FollowUp(FollowUpStatus.ALIVE_WITHOUT_DISEASE));
        assertThat(PatientTimeline.of(List.of(first, corrected)).events()).containsExactly(corrected);
        assertThat(PatientTimeline.of(List.of(corrected, first)).events()).containsExactly(corrected);
    }

    @Test
    void theConstructorAcceptsOnlyTheCanonicalForm() {
        assertThat(new PatientTimeline(false, List.of(dx, chemo))).isEqualTo(PatientTimeline.of(List.of(chemo, dx)));
        assertThatThrownBy(() -> new PatientTimeline(false, List.of(chemo, dx)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PatientTimeline.of");
        assertThatThrownBy(() -> new PatientTimeline(false, List.of(dx, dx)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PatientTimeline(true, List.of(dx))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringCarriesNoPatientId() {
        assertThat(PatientTimeline.of(List.of(dx, chemo)).toString()).doesNotContain("patient-a");
    }
}

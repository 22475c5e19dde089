package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.FollowUpSummary;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.analysis.SubjectSnapshot;
import org.followupmonitor.analysis.Origin;
import org.followupmonitor.analysis.Privacy;
import org.followupmonitor.analysis.SubjectRows;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.EventSamples;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.ResponseCategory;
import org.junit.jupiter.api.Test;

/**
 * Follow-up records from timelines, and the follow-up-overdue rule on a replay of historical registry data: the
 * clock is the latest event date seen, so a replay of 2008-2012 raises and resolves the alert on the dates live
 * operation would have, whatever today's date is.
 */
class FollowUpTest {
    private static final String YAML = """
            analyses:
              - name: os-all
                endpoint: overall-survival
                origin: diagnosis
                alerts:
                  - {rule: follow-up-overdue, days: 455, completenessBelow: 0.95}
            """;

    private static ClinicalEvent ev(String patient, String id, String date, Payload payload) {
        return EventSamples.event(id, date, payload).withPatientId(patient);
    }

    private static ClinicalEvent dx(String patient, String date) {
        return ev(patient, patient + "-dx", date, EventSamples.diagnosis(2, 2, ReceptorStatus.POSITIVE,
                ReceptorStatus.POSITIVE, ReceptorStatus.NEGATIVE, 10.0));
    }

    private static ClinicalEvent contact(String patient, String date) {
        return ev(patient, patient + "-fu-" + date, date, new Payload.FollowUp(FollowUpStatus.ALIVE_WITHOUT_DISEASE));
    }

    private static ClinicalEvent death(String patient, String date) {
        return ev(patient, patient + "-death", date, new Payload.Death(DeathCause.OTHER));
    }

    @Test
    void recordsCoverAnalysedPatientsOnlyAndStartAtTheLandmark() {
        AnalysisDefinition plain = Results.definition(YAML);
        PatientTimeline alive = PatientTimeline.of(List.of(dx("a", "2010-01-01"), contact("a", "2011-02-03")));
        assertThat(FollowUpRecord.of(alive, plain)).contains(new FollowUpRecord(LocalDate.parse("2010-01-01"),
                LocalDate.parse("2011-02-03"), false));
        PatientTimeline died = PatientTimeline.of(List.of(dx("b", "2010-01-01"), contact("b", "2010-05-01"),
                death("b", "2010-09-09")));
        assertThat(FollowUpRecord.of(died, plain)).contains(new FollowUpRecord(LocalDate.parse("2010-01-01"),
                LocalDate.parse("2010-09-09"), true));
        // Excluded by a data-quality flag (no diagnosis): no follow-up in this analysis.
        PatientTimeline noDx = PatientTimeline.of(List.of(contact("c", "2010-05-01")));
        assertThat(FollowUpRecord.of(noDx, plain)).isEmpty();
        assertThat(FollowUpRecord.latestEventDate(noDx)).contains(LocalDate.parse("2010-05-01"));
        assertThat(FollowUpRecord.latestEventDate(PatientTimeline.empty())).isEmpty();

        AnalysisDefinition landmark = Results.definition("""
                analyses:
                  - {name: lm, endpoint: overall-survival, origin: systemic-control, landmarkDays: 90}
                """);
        PatientTimeline controlled = PatientTimeline.of(List.of(dx("d", "2010-01-01"),
                ev("d", "d-ctl", "2010-03-01", new Payload.SystemicResponse(ResponseCategory.PARTIAL, true)),
                contact("d", "2011-01-01")));
        assertThat(FollowUpRecord.of(controlled, landmark)).contains(new FollowUpRecord(
                LocalDate.parse("2010-03-01").plusDays(90), LocalDate.parse("2011-01-01"), false));
        assertThat(SubjectRows.originDate(controlled, Origin.SYSTEMIC_CONTROL)).contains(LocalDate.parse("2010-03-01"));
    }

    @Test
    void summaryCountsOverdueAndClarksCWithAHorizon() {
        LocalDate clock = LocalDate.parse("2012-01-01");
        List<FollowUpRecord> records = List.of(
                // alive, seen 500 days before the clock: overdue; observed 1000 of 1500 days
                new FollowUpRecord(clock.minusDays(1500), clock.minusDays(500), false),
                // alive, seen 455 days before: exactly the limit, not overdue
                new FollowUpRecord(clock.minusDays(600), clock.minusDays(455), false),
                // died: complete follow-up, never overdue however long ago
                new FollowUpRecord(clock.minusDays(3000), clock.minusDays(2000), true));
        FollowUpSummary s = FollowUpSummary.of(records, clock, 455, OptionalInt.empty());
        assertThat(s.patients()).isEqualTo(3);
        assertThat(s.alive()).isEqualTo(2);
        assertThat(s.overdue()).isEqualTo(1);
        assertThat(s.observedDays()).isEqualTo(1000 + 145 + 1000);
        assertThat(s.potentialDays()).isEqualTo(1500 + 600 + 1000);
        assertThat(s.completeness()).isEqualTo(2145.0 / 3100);
        // A 365-day horizon: only the first year counts; the first patient is then complete too.
        FollowUpSummary h = FollowUpSummary.of(records, clock, 455, OptionalInt.of(365));
        assertThat(h.observedDays()).isEqualTo(365 + 145 + 365);
        assertThat(h.potentialDays()).isEqualTo(365 + 365 + 365);
        assertThat(h.overdue()).isEqualTo(1);
        assertThat(FollowUpSummary.of(List.of(), clock, 455, OptionalInt.empty()).completeness()).isNaN();
        assertThatThrownBy(() -> FollowUpSummary.of(records, clock.minusDays(1000), 455, OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the clock");
        assertThatThrownBy(() -> new FollowUpRecord(clock, clock.minusDays(1), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the start");
    }

    @Test
    void replayOfHistoricalDataRaisesAndResolvesOnTheDatesOfTheData() {
        List<ClinicalEvent> history = new ArrayList<>(List.of(
                dx("p1", "2008-01-10"), contact("p1", "2009-03-01"), contact("p1", "2010-06-01"),
                dx("p2", "2008-05-01"), contact("p2", "2009-01-15"), death("p2", "2009-09-09"),
                dx("p3", "2009-02-01"), contact("p3", "2010-02-01"), contact("p3", "2011-02-01"),
                contact("p3", "2012-03-01"),
                dx("p4", "2010-01-01"), contact("p4", "2010-07-01"),
                dx("p5", "2011-01-01"), contact("p5", "2011-09-01"), contact("p5", "2012-06-30"),
                // Late news: p1 and p4 are traced again.
                contact("p1", "2012-08-01"), contact("p4", "2012-08-02")));
        history.sort(Comparator.comparing(ClinicalEvent::occurredOn));

        AnalysisDefinition definition = Results.definition(YAML);
        AlertEvaluator evaluator = new AlertEvaluator(new Privacy(1));
        Map<String, List<ClinicalEvent>> byPatient = new HashMap<>();
        AlertState state = AlertState.EMPTY;
        List<Alert> alerts = new ArrayList<>();
        List<String> oracleRaised = new ArrayList<>();
        boolean oracleWas = false;
        for (ClinicalEvent e : history) {
            byPatient.computeIfAbsent(e.patientId(), k -> new ArrayList<>()).add(e);
            List<FollowUpRecord> records = new ArrayList<>();
            SubjectSnapshot snapshot = new SubjectSnapshot(definition);
            LocalDate clock = null;
            for (List<ClinicalEvent> events : byPatient.values()) {
                PatientTimeline t = PatientTimeline.of(events);
                FollowUpRecord.of(t, definition).ifPresent(records::add);
                if (SubjectRows.derive(t, definition) instanceof Derivation.Row row) {
                    snapshot.add(row.row(), FollowUpRecord.of(t, definition).orElseThrow(), null);
                }
                LocalDate latest = FollowUpRecord.latestEventDate(t).orElseThrow();
                clock = clock == null || latest.isAfter(clock) ? latest : clock;
            }
            assertThat(clock).isEqualTo(e.occurredOn());

            // Oracle straight from the raw events: overdue alive patients and Clark's C day by day.
            int overdue = 0;
            long observed = 0;
            long potential = 0;
            for (List<ClinicalEvent> events : byPatient.values()) {
                LocalDate start = events.stream().filter(x -> x.payload() instanceof Payload.Diagnosis)
                        .map(ClinicalEvent::occurredOn).findFirst().orElseThrow();
                LocalDate last = events.stream().map(ClinicalEvent::occurredOn).max(Comparator.naturalOrder())
                        .orElseThrow();
                boolean dead = events.stream().anyMatch(x -> x.payload() instanceof Payload.Death);
                LocalDate end = dead ? last : clock;
                for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
                    potential++;
                    observed += d.isBefore(last) ? 1 : 0;
                }
                if (!dead && ChronoUnit.DAYS.between(last, clock) > 455) {
                    overdue++;
                }
            }
            boolean oracleHolds = overdue > 0 && potential > 0 && (double) observed / potential < 0.95;
            if (oracleHolds != oracleWas) {
                oracleRaised.add((oracleHolds ? "raised " : "resolved ") + clock);
                oracleWas = oracleHolds;
            }

            // The engine's result carries the clock as asOf and the follow-up part.
            AnalysisResult.FollowUp followUp = snapshot.parts(clock.toString(), false, 1, Monitor.NONE, 1, took -> { })
                    .followUp();
            assertThat(followUp.overdue()).containsExactly(new AnalysisResult.Overdue(455,
                    FollowUpSummary.of(records, clock, 455, OptionalInt.empty()).overdue()));
            AnalysisResult result = Results.result("os-all", clock.toString(), records.size(), 0, List.of(), null,
                    followUp, Map.of());
            AlertEvaluator.Evaluation ev = evaluator.evaluate(definition, result, state);
            state = ev.state();
            alerts.addAll(ev.alerts());
        }
        // p1 (last seen 2010-06-01) is overdue from 2011-08-31 on (456 days); the first event after that is p5's
        // contact of 2011-09-01, so the replay raises then; p1 and p4 are traced in August 2012: resolved.
        assertThat(oracleRaised).containsExactly("raised 2011-09-01", "resolved 2012-08-02");
        assertThat(alerts).extracting(a -> a.state() + " " + a.at()).containsExactlyElementsOf(oracleRaised);
        Alert raised = alerts.get(0);
        assertThat(raised.rule()).isEqualTo("follow-up-overdue");
        assertThat(raised.values()).containsEntry("overdue", 1.0).containsEntry("alive", 4.0)
                .containsEntry("days", 455.0).containsKey("completeness");
        assertThat(raised.message()).contains("1 of 4 patients alive").contains("455 days").contains("2011-09-01");
        assertThat(alerts.get(1).values()).containsEntry("overdue", 0.0);
    }
}

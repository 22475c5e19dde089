package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.ErasureReason;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.RecurrenceSite;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.TherapyType;

/**
 * The streaming invariant: whatever order a patient's events arrive in, however often each is delivered,
 * the timeline and every subject row are the same. Random timelines include inconsistent ones, clashing
 * versions of one event id, retractions and erasures. jqwik prints the seed of any failing try.
 */
class TimelineOrderPropertiesTest {
    private static final List<AnalysisDefinition> ANALYSES = withExtraAnalyses();
    private static final LocalDate START = LocalDate.of(2015, 1, 1);

    @Property(tries = 300)
    void anyPermutationWithDuplicatesGivesTheSameTimelineAndRows(
            @ForAll("patientEvents") List<ClinicalEvent> events, @ForAll long seed) {
        List<ClinicalEvent> shuffled = new ArrayList<>(events);
        Random random = new Random(seed);
        for (ClinicalEvent e : events) {
            if (random.nextInt(3) == 0) {
                shuffled.add(e);
            }
        }
        Collections.shuffle(shuffled, random);

        PatientTimeline batch = PatientTimeline.of(events);
        PatientTimeline streamed = PatientTimeline.empty();
        for (ClinicalEvent e : shuffled) {
            streamed = streamed.with(e);
        }
        assertThat(streamed).isEqualTo(batch);
        assertThat(PatientTimeline.of(shuffled)).isEqualTo(batch);
        for (AnalysisDefinition a : ANALYSES) {
            assertThat(SubjectRows.derive(streamed, a)).as(a.name()).isEqualTo(SubjectRows.derive(batch, a));
        }
    }

    @Property(tries = 200)
    void aRetractedEventCountsAsNeverSentWhereverTheRetractionArrives(
            @ForAll("patientEvents") List<ClinicalEvent> events, @ForAll long seed) {
        // Other retractions could target the same id, so this property uses clinical events only.
        List<ClinicalEvent> clinical = events.stream().filter(ClinicalEvent::isClinical).toList();
        if (clinical.isEmpty()) {
            return;
        }
        Random random = new Random(seed);
        ClinicalEvent target = clinical.get(random.nextInt(clinical.size()));
        ClinicalEvent retraction = new ClinicalEvent("retract-" + target.eventId(), "p", "s",
                target.occurredOn().plusDays(random.nextInt(100)), null, new Payload.Retraction(target.eventId()));
        List<ClinicalEvent> withRetraction = new ArrayList<>(clinical);
        withRetraction.add(random.nextInt(withRetraction.size() + 1), retraction);
        List<ClinicalEvent> without = clinical.stream().filter(e -> !e.eventId().equals(target.eventId())).toList();

        PatientTimeline retracted = PatientTimeline.of(withRetraction);
        PatientTimeline absent = PatientTimeline.of(without);
        assertThat(retracted.effectiveEvents()).isEqualTo(absent.effectiveEvents());
        for (AnalysisDefinition a : ANALYSES) {
            assertThat(SubjectRows.derive(retracted, a)).as(a.name()).isEqualTo(SubjectRows.derive(absent, a));
        }
    }

    @Property(tries = 200)
    void anErasureAnywhereRemovesThePatientFromEveryAnalysis(
            @ForAll("patientEvents") List<ClinicalEvent> events, @ForAll long seed) {
        Random random = new Random(seed);
        List<ClinicalEvent> all = new ArrayList<>(events);
        all.add(random.nextInt(all.size() + 1), new ClinicalEvent("erase", "p", "s", START, null,
                new Payload.Erasure(ErasureReason.CONSENT_WITHDRAWN)));
        PatientTimeline streamed = PatientTimeline.empty();
        for (ClinicalEvent e : all) {
            streamed = streamed.with(e);
        }
        assertThat(streamed.erased()).isTrue();
        assertThat(streamed.events()).isEmpty();
        for (AnalysisDefinition a : ANALYSES) {
            assertThat(SubjectRows.derive(streamed, a)).isEqualTo(new Derivation.Excluded(DataQualityFlag.EMPTY_TIMELINE));
        }
    }

    /**
     * A cut history says, for every date, what a data cut then sees: the derivation from the events in effect dated on
     * or before that date (an entry holds until the patient's next event date), whatever the events after it.
     * Corrections and retractions are applied first: a look sees the corrected data, so a late correction revises it.
     */
    @Property(tries = 300)
    void theCutHistoryIsTheDerivationOfTheEventsUpToEachDate(@ForAll("patientEvents") List<ClinicalEvent> events) {
        PatientTimeline t = PatientTimeline.of(events);
        java.util.TreeSet<LocalDate> dates = new java.util.TreeSet<>();
        t.effectiveEvents().forEach(e -> dates.add(e.occurredOn()));
        for (AnalysisDefinition a : ANALYSES) {
            CutHistory h = SubjectRows.cutHistory(PatientFacts.of(t), a);
            boolean anyRow = false;
            for (LocalDate d : dates) {
                List<ClinicalEvent> upTo = t.effectiveEvents().stream().filter(e -> !e.occurredOn().isAfter(d)).toList();
                Derivation truncated = SubjectRows.derive(PatientTimeline.of(upTo), a);
                int i = h == null ? -1 : h.at(Math.toIntExact(d.toEpochDay()));
                if (truncated instanceof Derivation.Row r) {
                    anyRow = true;
                    assertThat(i).as(a.name() + " at " + d).isNotNegative();
                    assertThat(h.time(i)).isEqualTo(r.row().timeDays());
                    assertThat(h.event(i)).isEqualTo(r.row().event());
                    assertThat(h.group(i)).isEqualTo(r.row().group());
                    assertThat(h.stratum(i)).isEqualTo(r.row().stratum());
                } else {
                    assertThat(i < 0 || h.time(i) < 0).as(a.name() + " at " + d + ": no row").isTrue();
                }
            }
            if (!anyRow) {
                assertThat(h).as(a.name()).isNull();
            }
        }
    }

    @Property(tries = 300)
    void rowsAreConsistentWithTheirDefinition(@ForAll("patientEvents") List<ClinicalEvent> events) {
        PatientTimeline t = PatientTimeline.of(events);
        for (AnalysisDefinition a : ANALYSES) {
            Derivation d = SubjectRows.derive(t, a);
            Statistics.label("outcome").collect(d instanceof Derivation.Row ? "row" : "excluded");
            if (d instanceof Derivation.Row r) {
                assertThat(r.row().timeDays()).isNotNegative();
                a.horizonDays().ifPresent(h -> assertThat(r.row().timeDays()).isLessThanOrEqualTo(h));
                if (a.groupBy().isEmpty()) {
                    assertThat(r.row().group()).isEqualTo(SubjectRow.ALL);
                }
                assertThat(r.row().stratum().isEmpty()).isEqualTo(a.strata().isEmpty());
            }
        }
        // The generator must reach rows, not only exclusions, or the properties above prove little.
        Statistics.label("outcome").coverage(c -> c.check("row").percentage(p -> p > 8));
    }

    @Provide
    Arbitrary<List<ClinicalEvent>> patientEvents() {
        // A small id pool makes clashing versions of one id likely.
        Arbitrary<String> ids = Arbitraries.integers().between(0, 14).map(i -> "e" + i);
        Arbitrary<LocalDate> dates = Arbitraries.integers().between(0, 2500).map(START::plusDays);
        Arbitrary<Instant> recorded = Arbitraries.longs().between(0, 5).map(h -> Instant.parse("2024-01-01T00:00:00Z")
                .plusSeconds(3600 * h));
        Arbitrary<String> sites = Arbitraries.of("khi", "lhr");
        Arbitrary<ClinicalEvent> event = Combinators.combine(ids, sites, dates, recorded, payloads())
                .as((id, site, date, rec, payload) -> new ClinicalEvent(id, "p", site, date, rec, payload));
        // Most timelines start with a diagnosis so that rows, not only exclusions, are exercised.
        Arbitrary<LocalDate> early = Arbitraries.integers().between(0, 60).map(START::plusDays);
        Arbitrary<ClinicalEvent> diagnosis = Combinators.combine(early, diagnoses())
                .as((date, dx) -> new ClinicalEvent("dx", "p", "khi", date, null, dx));
        return Combinators.combine(diagnosis.injectNull(0.1), event.list().ofMinSize(0).ofMaxSize(12))
                .as((dx, rest) -> {
                    List<ClinicalEvent> all = new ArrayList<>(rest);
                    if (dx != null) {
                        all.add(0, dx);
                    }
                    return all;
                });
    }

    private static Arbitrary<Payload> payloads() {
        // Weighted so that consistent timelines (few deaths, several contacts) are common.
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, diagnoses().map(d -> (Payload) d)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(ResponseCategory.class).map(r -> new Payload.SystemicResponse(r,
                        r != ResponseCategory.PROGRESSION))),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(TherapyType.class).map(Payload.Therapy::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Payload.Surgery(null, null))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(RecurrenceSite.class).map(Payload.Recurrence::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(DeathCause.class).map(Payload.Death::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(FollowUpStatus.class).map(Payload.FollowUp::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 14).map(i -> new Payload.Retraction("e" + i))));
    }

    private static Arbitrary<Payload.Diagnosis> diagnoses() {
        Arbitrary<ReceptorStatus> receptor = Arbitraries.of(ReceptorStatus.class);
        return Combinators.combine(Arbitraries.integers().between(1, 3).injectNull(0.2),
                Arbitraries.integers().between(0, 4).injectNull(0.2), receptor, receptor, receptor,
                Arbitraries.doubles().between(0, 100).ofScale(1).injectNull(0.4),
                Arbitraries.integers().between(25, 85).injectNull(0.1),
                Arbitraries.of("bone", "lung", "liver").list().ofMaxSize(3))
                .as((grade, t, er, pr, her2, ki67, age, sites) -> new Payload.Diagnosis(age, grade, t, null, null,
                        er, pr, her2, ki67, null, sites));
    }

    private static List<AnalysisDefinition> withExtraAnalyses() {
        List<AnalysisDefinition> all = new ArrayList<>(AnalysesLoader.loadDefault().analyses());
        all.addAll(AnalysesLoader.parse("""
                analyses:
                  - {name: rec-landmark, endpoint: recurrence, origin: surgery, groupBy: hormonal, landmarkDays: 90,
                     horizonDays: 1000, strata: [grade, site], cox: {covariates: [age, ki67, chemotherapy]}}
                  - {name: dfs-dx, endpoint: disease-free, origin: diagnosis, groupBy: t-stage, horizonDays: 700}
                """, "properties").analyses());
        return all;
    }
}

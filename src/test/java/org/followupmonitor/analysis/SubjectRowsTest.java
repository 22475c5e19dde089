package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.followupmonitor.events.EventSamples.event;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.EventSamples;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.Payload;
import org.followupmonitor.events.avro.DeathCause;
import org.followupmonitor.events.avro.FollowUpStatus;
import org.followupmonitor.events.avro.ReceptorStatus;
import org.followupmonitor.events.avro.RecurrenceSite;
import org.followupmonitor.events.avro.ResponseCategory;
import org.followupmonitor.events.avro.TherapyType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Subject-row derivation: endpoints, origins, landmark, horizon, covariates, and every exclusion flag. */
class SubjectRowsTest {
    private static final Set<DataQualityFlag> SEEN = EnumSet.noneOf(DataQualityFlag.class);

    // Diagnosis 2016-01-01 (grade 2, T2, ER+ PR+ HER2- Ki-67 10 = luminal A), chemo, control, surgery.
    private static final ClinicalEvent DX = event("dx", "2016-01-01", EventSamples.diagnosis(2, 2,
            ReceptorStatus.POSITIVE, ReceptorStatus.POSITIVE, ReceptorStatus.NEGATIVE, 10.0));
    private static final ClinicalEvent CHEMO = event("chemo", "2016-01-15", new Payload.Therapy(TherapyType.CHEMOTHERAPY));
    private static final ClinicalEvent CONTROL = event("ctl", "2016-06-01",
            new Payload.SystemicResponse(ResponseCategory.PARTIAL, true));
    private static final ClinicalEvent SURGERY = event("surg", "2016-07-01", new Payload.Surgery(null, null));
    private static final ClinicalEvent CONTACT = event("fu", "2019-01-01", new Payload.FollowUp(FollowUpStatus.UNKNOWN));

    static AnalysisDefinition def(String body) {
        return AnalysesLoader.parse("analyses:\n  - {name: t, " + body + "}\n", "test").analyses().get(0);
    }

    static Derivation derive(AnalysisDefinition a, ClinicalEvent... events) {
        Derivation d = SubjectRows.derive(PatientTimeline.of(List.of(events)), a);
        if (d instanceof Derivation.Excluded x) {
            SEEN.add(x.flag());
        }
        return d;
    }

    static SubjectRow row(AnalysisDefinition a, ClinicalEvent... events) {
        Derivation d = derive(a, events);
        assertThat(d).isInstanceOf(Derivation.Row.class);
        return ((Derivation.Row) d).row();
    }

    static void assertExcluded(DataQualityFlag flag, AnalysisDefinition a, ClinicalEvent... events) {
        assertThat(derive(a, events)).isEqualTo(new Derivation.Excluded(flag));
    }

    @Test
    void overallSurvivalFromIndexCensorsAtTheLastContact() {
        SubjectRow r = row(def("endpoint: overall-survival, origin: index, groupBy: arm"),
                DX, CHEMO, CONTROL, SURGERY, CONTACT);
        // 2016-07-01 .. 2019-01-01 = 365 + 365 + 184 days.
        assertThat(r).isEqualTo(new SubjectRow(914, false, "surgery", "", Map.of(), Map.of()));
    }

    @Test
    void indexOriginIsSystemicControlForPatientsNeverOperated() {
        ClinicalEvent death = event("death", "2017-06-01", new Payload.Death(DeathCause.BREAST_CANCER));
        SubjectRow r = row(def("endpoint: overall-survival, origin: index, groupBy: arm"), DX, CHEMO, CONTROL, death);
        assertThat(r).isEqualTo(new SubjectRow(365, true, "no-surgery", "", Map.of(), Map.of()));
    }

    @Test
    void originsDiagnosisAndSurgeryCountFromTheirOwnDates() {
        assertThat(row(def("endpoint: overall-survival, origin: diagnosis"), DX, CONTROL, SURGERY, CONTACT).timeDays())
                .isEqualTo(1096);
        assertThat(row(def("endpoint: overall-survival, origin: surgery"), DX, CONTROL, SURGERY, CONTACT).timeDays())
                .isEqualTo(914);
        assertThat(row(def("endpoint: overall-survival, origin: systemic-control"), DX, CONTROL, SURGERY, CONTACT)
                .timeDays()).isEqualTo(944);
    }

    @Test
    void diseaseFreeCountsTheFirstRecurrenceOrDeath() {
        ClinicalEvent rec = event("rec", "2017-07-01", new Payload.Recurrence(RecurrenceSite.DISTANT));
        ClinicalEvent rec2 = event("rec2", "2018-01-01", new Payload.Recurrence(RecurrenceSite.LOCAL));
        AnalysisDefinition dfs = def("endpoint: disease-free, origin: surgery");
        assertThat(row(dfs, DX, CONTROL, SURGERY, rec2, rec, CONTACT)).extracting(SubjectRow::timeDays,
                SubjectRow::event).containsExactly(365, true);
        ClinicalEvent death = event("death", "2017-01-01", new Payload.Death(DeathCause.OTHER));
        assertThat(row(dfs, DX, CONTROL, SURGERY, death)).extracting(SubjectRow::timeDays, SubjectRow::event)
                .containsExactly(184, true);
    }

    @Test
    void recurrenceEndpointIsCensoredByDeath() {
        ClinicalEvent death = event("death", "2017-01-01", new Payload.Death(DeathCause.OTHER));
        SubjectRow r = row(def("endpoint: recurrence, origin: surgery"), DX, CONTROL, SURGERY, death);
        assertThat(r.timeDays()).isEqualTo(184);
        assertThat(r.event()).isFalse();
    }

    @Test
    void horizonCensorsAdministratively() {
        ClinicalEvent death = event("death", "2018-07-01", new Payload.Death(DeathCause.OTHER));
        SubjectRow r = row(def("endpoint: overall-survival, origin: surgery, horizonDays: 365"),
                DX, CONTROL, SURGERY, death);
        assertThat(r).extracting(SubjectRow::timeDays, SubjectRow::event).containsExactly(365, false);
        SubjectRow inside = row(def("endpoint: overall-survival, origin: surgery, horizonDays: 800"),
                DX, CONTROL, SURGERY, death);
        assertThat(inside).extracting(SubjectRow::timeDays, SubjectRow::event).containsExactly(730, true);
    }

    @Test
    void landmarkGroupsByStatusAtTheLandmarkAndFollowsFromIt() {
        AnalysisDefinition lm = def("endpoint: overall-survival, origin: systemic-control, groupBy: arm, "
                + "landmarkDays: 180");
        // Control 2016-06-01, landmark 2016-11-28; contact 2019-01-01 = 944 days after control.
        assertThat(row(lm, DX, CONTROL, SURGERY, CONTACT))
                .isEqualTo(new SubjectRow(944 - 180, false, "surgery", "", Map.of(), Map.of()));
        ClinicalEvent lateSurgery = event("late", "2017-03-01", new Payload.Surgery(null, null));
        assertThat(row(lm, DX, CONTROL, lateSurgery, CONTACT).group()).isEqualTo("no-surgery");
        assertThat(row(def("endpoint: overall-survival, origin: systemic-control, groupBy: arm"),
                DX, CONTROL, lateSurgery, CONTACT).group()).isEqualTo("surgery");
    }

    @Test
    void therapyFlagsMeanReceivedAtAnyTimeOrByTheLandmark() {
        ClinicalEvent hormonal = event("horm", "2017-03-01", new Payload.Therapy(TherapyType.HORMONAL));
        assertThat(row(def("endpoint: overall-survival, origin: systemic-control, groupBy: hormonal"),
                DX, CONTROL, hormonal, CONTACT).group()).isEqualTo("yes");
        assertThat(row(def("endpoint: overall-survival, origin: systemic-control, groupBy: hormonal, landmarkDays: 90"),
                DX, CONTROL, hormonal, CONTACT).group()).isEqualTo("no");
        assertThat(row(def("endpoint: overall-survival, origin: systemic-control, groupBy: chemotherapy"),
                DX, CHEMO, CONTROL, CONTACT).group()).isEqualTo("yes");
    }

    @Test
    void strataAndCovariatesAreCarriedAndMissingCovariatesLeftOut() {
        AnalysisDefinition a = def("endpoint: overall-survival, origin: index, groupBy: subtype, strata: [grade, site], "
                + "cox: {covariates: [{name: grade, reference: 3}, t-stage, {name: age}, {name: positive-nodes}, "
                + "{name: ki67}, {name: chemotherapy}, {name: arm}]}");
        SubjectRow r = row(a, DX, CHEMO, CONTROL, SURGERY, CONTACT);
        assertThat(r.group()).isEqualTo("luminal-a");
        assertThat(r.stratum()).isEqualTo("grade=2,site=site-1");
        assertThat(r.factors()).containsExactly(Map.entry("arm", "surgery"), Map.entry("chemotherapy", "yes"),
                Map.entry("grade", "2"), Map.entry("t-stage", "2"));
        assertThat(r.numbers()).containsExactly(Map.entry("age", 50.0), Map.entry("ki67", 10.0),
                Map.entry("positive-nodes", 2.0));

        ClinicalEvent bare = event("dx", "2016-01-01", new Payload.Diagnosis(null, null, null, null, null,
                ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE, null, null, null));
        SubjectRow partial = row(def("endpoint: overall-survival, origin: index, cox: {covariates: "
                + "[{name: grade}, {name: age}, {name: subtype}]}"), bare, CONTROL, CONTACT);
        assertThat(partial.factors()).containsExactly(Map.entry("subtype", "triple-negative"));
        assertThat(partial.numbers()).isEmpty();
    }

    @Test
    void timeVaryingCovariatesCarryTheDayTheySwitchOnFromTheOrigin() {
        ClinicalEvent hormonal = event("horm", "2017-03-01", new Payload.Therapy(TherapyType.HORMONAL));
        AnalysisDefinition a = def("endpoint: overall-survival, origin: systemic-control, cox: {covariates: "
                + "[{name: arm, timeVarying: true}, {name: chemotherapy, timeVarying: true}, "
                + "{name: hormonal, timeVarying: true}, {name: radiotherapy, timeVarying: true}, grade], "
                + "strata: [t-stage], cluster: site}");
        SubjectRow r = row(a, DX, CHEMO, CONTROL, SURGERY, hormonal, CONTACT);
        // Control 2016-06-01: surgery 30 days later, chemotherapy 138 days before (on from the start), hormonal
        // therapy 273 days later; radiotherapy never (absent).
        assertThat(r.switches()).containsExactly(Map.entry("arm", 30), Map.entry("chemotherapy", -138),
                Map.entry("hormonal", 273));
        // The factors keep the status over the whole follow-up (the fixed model's), and the strata and cluster.
        assertThat(r.factors()).containsEntry("arm", "surgery").containsEntry("radiotherapy", "no")
                .containsEntry("t-stage", "2").containsEntry("site", "site-1");
        // From diagnosis the same surgery is 182 days in; an analysis without time-varying covariates has none.
        assertThat(row(def("endpoint: overall-survival, origin: diagnosis, cox: {covariates: "
                + "[{name: arm, timeVarying: true}]}"), DX, CHEMO, CONTROL, SURGERY, CONTACT).switches())
                .containsExactly(Map.entry("arm", 182));
        assertThat(row(def("endpoint: overall-survival, origin: diagnosis, cox: {covariates: [arm]}"),
                DX, CHEMO, CONTROL, SURGERY, CONTACT).switches()).isEmpty();
    }

    @Test
    void filterKeepsOnlyTheNamedSubgroup() {
        AnalysisDefinition tn = def("endpoint: overall-survival, origin: index, groupBy: arm, "
                + "filter: {subtype: triple-negative}");
        assertExcluded(DataQualityFlag.OUTSIDE_FILTER, tn, DX, CONTROL, CONTACT);
        AnalysisDefinition la = def("endpoint: overall-survival, origin: index, groupBy: arm, filter: {subtype: luminal-a}");
        assertThat(row(la, DX, CONTROL, CONTACT).group()).isEqualTo("no-surgery");
    }

    @Test
    void everyExclusionFlagIsProducedByItsInconsistency() {
        AnalysisDefinition os = def("endpoint: overall-survival, origin: index, groupBy: arm");
        ClinicalEvent death = event("death", "2017-01-01", new Payload.Death(DeathCause.OTHER));
        ClinicalEvent retractDx = event("r", "2019-01-01", new Payload.Retraction("dx"));

        assertExcluded(DataQualityFlag.EMPTY_TIMELINE, os, DX, retractDx);
        assertExcluded(DataQualityFlag.NO_DIAGNOSIS, os, CONTROL, SURGERY, CONTACT);
        assertExcluded(DataQualityFlag.CONFLICTING_DEATHS, os, DX, CONTROL, death,
                event("death2", "2017-02-01", new Payload.Death(DeathCause.UNKNOWN)));
        assertExcluded(DataQualityFlag.DEATH_BEFORE_DIAGNOSIS, os, DX, CONTROL,
                event("early", "2015-06-01", new Payload.Death(DeathCause.OTHER)));
        assertExcluded(DataQualityFlag.EVENT_AFTER_DEATH, os, DX, CONTROL, SURGERY, death, CONTACT);
        assertExcluded(DataQualityFlag.EVENT_BEFORE_DIAGNOSIS, os,
                event("chemo0", "2015-12-01", new Payload.Therapy(TherapyType.CHEMOTHERAPY)), DX, CONTROL, CONTACT);
        assertExcluded(DataQualityFlag.OUTSIDE_FILTER,
                def("endpoint: overall-survival, origin: index, filter: {grade: '3'}"), DX, CONTROL, CONTACT);
        ClinicalEvent progression = event("prog", "2016-06-01",
                new Payload.SystemicResponse(ResponseCategory.PROGRESSION, false));
        // Alive without the origin event: awaiting it (not a data-quality problem); died without it: no origin event.
        assertExcluded(DataQualityFlag.AWAITING_ORIGIN, os, DX, CHEMO, progression, CONTACT);
        assertExcluded(DataQualityFlag.AWAITING_ORIGIN, def("endpoint: overall-survival, origin: surgery"),
                DX, CONTROL, CONTACT);
        assertThat(DataQualityFlag.AWAITING_ORIGIN.dataQuality()).isFalse();
        ClinicalEvent diedEarly = event("died", "2016-09-01", new Payload.Death(DeathCause.OTHER));
        assertExcluded(DataQualityFlag.NO_ORIGIN_EVENT, os, DX, CHEMO, progression, diedEarly);
        assertExcluded(DataQualityFlag.NO_ORIGIN_EVENT, def("endpoint: overall-survival, origin: surgery"),
                DX, CONTROL, diedEarly);

        ClinicalEvent recBeforeSurgery = event("rec", "2016-06-15", new Payload.Recurrence(RecurrenceSite.LOCAL));
        assertExcluded(DataQualityFlag.RECURRENCE_BEFORE_ORIGIN, def("endpoint: disease-free, origin: index"),
                DX, CONTROL, recBeforeSurgery, SURGERY, CONTACT);
        assertExcluded(DataQualityFlag.RECURRENCE_BEFORE_ORIGIN, def("endpoint: recurrence, origin: index"),
                DX, CONTROL, recBeforeSurgery, SURGERY, CONTACT);
        // Overall survival does not count recurrences, so the same patient keeps a row there.
        assertThat(derive(os, DX, CONTROL, recBeforeSurgery, SURGERY, CONTACT)).isInstanceOf(Derivation.Row.class);

        ClinicalEvent noGrade = event("dx", "2016-01-01", new Payload.Diagnosis(50, null, 2, null, null,
                ReceptorStatus.UNKNOWN, ReceptorStatus.UNKNOWN, ReceptorStatus.UNKNOWN, null, null, null));
        assertExcluded(DataQualityFlag.MISSING_GROUP, def("endpoint: overall-survival, origin: index, groupBy: grade"),
                noGrade, CONTROL, CONTACT);
        assertExcluded(DataQualityFlag.MISSING_GROUP, def("endpoint: overall-survival, origin: index, groupBy: subtype"),
                noGrade, CONTROL, CONTACT);
        assertExcluded(DataQualityFlag.MISSING_STRATUM,
                def("endpoint: overall-survival, origin: index, groupBy: arm, strata: [subtype]"),
                noGrade, CONTROL, CONTACT);

        AnalysisDefinition landmark = def("endpoint: overall-survival, origin: systemic-control, groupBy: arm, "
                + "landmarkDays: 365");
        assertExcluded(DataQualityFlag.ENDPOINT_BEFORE_LANDMARK, landmark, DX, CONTROL, SURGERY, death);
        assertExcluded(DataQualityFlag.CENSORED_BEFORE_LANDMARK, landmark, DX, CONTROL, SURGERY,
                event("fu1", "2016-12-01", new Payload.FollowUp(FollowUpStatus.UNKNOWN)));
    }

    @Test
    void aDateAfterTheImportsReferenceDateFlagsThePatientOnlyWhenAReferenceDateIsGiven() {
        AnalysisDefinition os = def("endpoint: overall-survival, origin: index, groupBy: arm");
        ClinicalEvent contact2099 = event("fu2099", "2099-01-01", new Payload.FollowUp(FollowUpStatus.UNKNOWN));
        PatientTimeline timeline = PatientTimeline.of(List.of(DX, CONTROL, SURGERY, contact2099));
        Derivation flagged = SubjectRows.derive(PatientFacts.of(timeline).flagDatesAfter(LocalDate.of(2024, 5, 1)), os);
        assertThat(flagged).isEqualTo(new Derivation.Excluded(DataQualityFlag.DATE_AFTER_AS_OF));
        SEEN.add(DataQualityFlag.DATE_AFTER_AS_OF);
        // The stream has no reference date: the same timeline is a row (its clock reaches 2099).
        assertThat(SubjectRows.derive(PatientFacts.of(timeline).flagDatesAfter(null), os))
                .isInstanceOf(Derivation.Row.class);
        // On the reference date itself nothing is flagged; a retracted future event does not count.
        assertThat(SubjectRows.derive(PatientFacts.of(timeline).flagDatesAfter(LocalDate.of(2099, 1, 1)), os))
                .isInstanceOf(Derivation.Row.class);
        PatientTimeline retracted = PatientTimeline.of(List.of(DX, CONTROL, SURGERY, contact2099,
                event("r2099", "2019-01-01", new Payload.Retraction("fu2099"))));
        assertThat(SubjectRows.derive(PatientFacts.of(retracted).flagDatesAfter(LocalDate.of(2024, 5, 1)), os))
                .isInstanceOf(Derivation.Row.class);
        // A sub-cohort analysis reports the flag for its own patients only: the filter comes first.
        assertThat(SubjectRows.derive(PatientFacts.of(timeline).flagDatesAfter(LocalDate.of(2024, 5, 1)),
                def("endpoint: overall-survival, origin: index, filter: {grade: '3'}")))
                .isEqualTo(new Derivation.Excluded(DataQualityFlag.OUTSIDE_FILTER));
    }

    @AfterAll
    static void everyFlagWasProducedBySomeTest() {
        // Guards the rule "every data-quality flag has a test" as flags are added.
        assertThat(SEEN).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(DataQualityFlag.class));
    }

    @Test
    void flagsSplitIntoDataQualityAndDesignExclusions() {
        List<DataQualityFlag> design = new ArrayList<>();
        for (DataQualityFlag f : DataQualityFlag.values()) {
            if (!f.dataQuality()) {
                design.add(f);
            }
        }
        assertThat(design).containsExactly(DataQualityFlag.EMPTY_TIMELINE, DataQualityFlag.OUTSIDE_FILTER,
                DataQualityFlag.AWAITING_ORIGIN, DataQualityFlag.ENDPOINT_BEFORE_LANDMARK,
                DataQualityFlag.CENSORED_BEFORE_LANDMARK);
    }
}

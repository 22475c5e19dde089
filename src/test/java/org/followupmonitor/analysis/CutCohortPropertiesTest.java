package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.followupmonitor.alerts.SequentialMonitor;
import org.followupmonitor.alerts.SequentialMonitoring;
import org.followupmonitor.events.ClinicalEvent;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortEvents;
import org.followupmonitor.synthetic.StudyCohortParameters;

/**
 * Formal looks are data cuts: on random study-shaped cohorts seen as a live registry sees them (follow-up contacts
 * every 3-6 months, some events dropped so that exclusions and patients awaiting their origin occur), each cut's
 * cohort equals the cohort derived from every patient's events in effect up to the cut date (an oracle that knows
 * nothing of cut histories), the cut is on the first date whose events reach the look's threshold, and data ending
 * at any later date leave every earlier look exactly as it was. jqwik prints the seed of a failing try.
 */
class CutCohortPropertiesTest {
    private static final List<AnalysisDefinition> ANALYSES = AnalysesLoader.parse("""
            analyses:
              - name: os-index
                endpoint: overall-survival
                origin: index
                groupBy: arm
                monitoring: {plannedEvents: 20, lookStep: 0.1}
              - name: dfs-landmark
                endpoint: disease-free
                origin: systemic-control
                groupBy: arm
                strata: [grade]
                landmarkDays: 120
                horizonDays: 1500
                monitoring: {plannedEvents: 12, spending: pocock, lookStep: 0.25}
            """, "cut-properties").analyses();
    private static final SequentialMonitoring MONITOR = new SequentialMonitoring();

    @Property(tries = 8)
    void cutsAreTheRegistryAsItStoodOnTheirDates(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1) int which)
            throws Exception {
        AnalysisDefinition def = ANALYSES.get(which);
        SplittableRandom r = new SplittableRandom(seed);
        List<List<ClinicalEvent>> patients = cohort(seed, 60 + r.nextInt(40), r);
        LocalDate clock = clock(patients);
        CutCohort cohort = cutCohort(def, patients);
        double[] thresholds = SequentialMonitor.thresholds(def.monitoring().orElseThrow());
        List<CutCohort.Cut> cuts = cohort.cuts(thresholds, clock);
        // A drawn cohort may reach no look (a run drew one): the oracle below then finds none either (k stays 0).

        // The oracle walks the dates, deriving again only the patients with an event that day (a derivation from the
        // events up to a date changes only on the patient's own dates).
        List<List<ClinicalEvent>> effective = patients.stream().map(p -> PatientTimeline.of(p).effectiveEvents())
                .toList();
        java.util.TreeMap<LocalDate, java.util.Set<Integer>> byDate = new java.util.TreeMap<>();
        for (int i = 0; i < effective.size(); i++) {
            for (ClinicalEvent e : effective.get(i)) {
                byDate.computeIfAbsent(e.occurredOn(), x -> new java.util.TreeSet<>()).add(i);
            }
        }
        SubjectRow[] now = new SubjectRow[patients.size()];
        int next = 0;
        int k = 0;
        for (Map.Entry<LocalDate, java.util.Set<Integer>> day : byDate.entrySet()) {
            LocalDate d = day.getKey();
            if (!d.isBefore(clock) || next == thresholds.length) {
                break;
            }
            for (int i : day.getValue()) {
                List<ClinicalEvent> upTo = effective.get(i).stream().filter(e -> !e.occurredOn().isAfter(d)).toList();
                now[i] = SubjectRows.derive(PatientTimeline.of(upTo), def) instanceof Derivation.Row row ? row.row()
                        : null;
            }
            List<SubjectRow> rows = java.util.Arrays.stream(now).filter(java.util.Objects::nonNull).toList();
            int events = (int) rows.stream().filter(SubjectRow::event).count();
            if (events >= thresholds[next]) {
                CutCohort.Cut cut = cuts.get(k++);
                assertThat(cut.date()).isEqualTo(d);
                assertThat(cut.events()).isEqualTo(events);
                assertThat(cut.subjects()).isEqualTo(rows.size());
                assertThat(AnalysisEngine.compute(def, cut.counts(), Map.of(), d.toString(), 0, Monitor.NONE, null))
                        .isEqualTo(AnalysisEngine.compute(def, CohortCounts.of(def.groupBy(), rows), Map.of(),
                                d.toString(), 0, Monitor.NONE, null));
                while (next < thresholds.length && events >= thresholds[next]) {
                    next++;
                }
            }
        }
        assertThat(cuts).hasSize(k);
    }

    @Property(tries = 8)
    void dataEndingLaterLeaveEveryEarlierLookAsItWas(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1) int which)
            throws Exception {
        AnalysisDefinition def = ANALYSES.get(which);
        SplittableRandom r = new SplittableRandom(seed);
        List<List<ClinicalEvent>> patients = cohort(seed, 80, r);
        LocalDate clock = clock(patients);
        List<AnalysisResult.Look> all = MONITOR.looks(def, cutCohort(def, patients), clock);
        // A drawn cohort whose events never reach the first look has nothing to compare (a fresh-clone run drew one).
        Assume.that(!all.isEmpty());
        // The registry as it stood on a random date after the first look: only the events dated up to then.
        LocalDate first = LocalDate.parse(all.get(0).cutDate());
        LocalDate end = first.plusDays(r.nextLong(clock.toEpochDay() - first.toEpochDay() + 1));
        List<List<ClinicalEvent>> then = new ArrayList<>();
        for (List<ClinicalEvent> p : patients) {
            List<ClinicalEvent> kept = p.stream().filter(e -> !e.occurredOn().isAfter(end)).toList();
            if (!kept.isEmpty()) {
                then.add(kept);
            }
        }
        LocalDate clockThen = clock(then);
        List<AnalysisResult.Look> earlier = MONITOR.looks(def, cutCohort(def, then), clockThen);
        List<AnalysisResult.Look> expected = all.stream()
                .filter(l -> LocalDate.parse(l.cutDate()).isBefore(clockThen)).toList();
        assertThat(earlier).isEqualTo(expected);
    }

    private static CutCohort cutCohort(AnalysisDefinition def, List<List<ClinicalEvent>> patients) {
        CutCohort.Builder b = CutCohort.builder(def);
        for (List<ClinicalEvent> p : patients) {
            b.add(SubjectRows.cutHistory(PatientFacts.of(PatientTimeline.of(p)), def));
        }
        return b.build();
    }

    private static LocalDate clock(List<List<ClinicalEvent>> patients) {
        return patients.stream().flatMap(List::stream).map(ClinicalEvent::occurredOn).max(LocalDate::compareTo)
                .orElseThrow();
    }

    /** A generated cohort with contacts; about one patient in ten loses a random event (origin, death, ...). */
    private static List<List<ClinicalEvent>> cohort(long seed, int n, SplittableRandom r) throws Exception {
        Path file = Files.createTempFile("cut-cohort-", ".jsonl");
        try {
            StudyCohortEvents.writeJsonLines(StudyCohortParameters.study(seed).withPatients(n), file);
            List<List<ClinicalEvent>> out = new ArrayList<>();
            new RegistryImporter(RegistryImporter.Options.defaults()).forEachPatient(file, p -> {
                List<ClinicalEvent> events = new ArrayList<>(p.events());
                if (r.nextInt(10) == 0) {
                    events.remove(r.nextInt(events.size()));
                }
                if (!events.isEmpty()) {
                    out.add(events);
                }
            });
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

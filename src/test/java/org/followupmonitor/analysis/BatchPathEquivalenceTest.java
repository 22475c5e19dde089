package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.followupmonitor.events.PatientTimeline;
import org.followupmonitor.events.file.ImportSummary;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast batch path (one reading, typed CSV rows, facts shared by analyses, counts by day, Cox rows by
 * column, parallel fits) against the reference path it replaced, rebuilt here from the public pieces: every
 * patient's events, timeline and {@link SubjectRows#derive(PatientTimeline, AnalysisDefinition)}, rows in a
 * list, {@link CohortCounts#of}, the subject-level parts from a {@link SubjectSnapshot} of each patient's row,
 * follow-up record ({@link FollowUpRecord#of(PatientTimeline, AnalysisDefinition)}) and cut history, and
 * {@link AnalysisEngine#compute(AnalysisDefinition, CohortCounts, Map, String, int, Monitor, SubjectParts)}. Results
 * must be equal to the last bit (record equality compares doubles exactly), look histories included: the fast path
 * derives the cut histories of one-row CSV patients from their rows, the reference from their events.
 */
class BatchPathEquivalenceTest {
    private static final Monitor MONITOR = new org.followupmonitor.alerts.SequentialMonitoring();
    /** The bundled analyses plus Cox models with numeric covariates (many distinct values) and strata. */
    private static final String EXTRA = """
            analyses:
              - name: cox-numeric
                endpoint: overall-survival
                origin: index
                groupBy: arm
                strata: [subtype]
                cox:
                  ties: breslow
                  covariates: [{name: age}, {name: ki67}, {name: grade, reference: "3"}]
              - name: dfs-landmark-cox
                endpoint: disease-free
                origin: systemic-control
                groupBy: arm
                landmarkDays: 180
                horizonDays: 1826
                cox:
                  covariates: [{name: t-stage, reference: "4"}, {name: chemotherapy}]
            """;

    @TempDir
    static Path dir;

    static Stream<Path> files() throws Exception {
        // 25,000 patients: above the size from which Cox fits run in parallel.
        Path big = dir.resolve("generated-25k.csv");
        new StudyCohortGenerator(StudyCohortParameters.study(11L).withPatients(25_000)).writeCsv(big);
        return Stream.of(Path.of("examples/study-cohort.csv"), Path.of("examples/registry-example.csv"),
                Path.of("examples/events-example.jsonl"), big, interleaved(Path.of("examples/study-cohort.csv")));
    }

    /** The example with its rows in another order and one patient split over two non-adjacent rows. */
    private static Path interleaved(Path source) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(source));
        String header = lines.remove(0);
        java.util.Collections.reverse(lines);
        // The same patient again, later, with only a follow-up contact: rows not contiguous.
        String[] first = lines.get(0).split(",", -1);
        String[] extra = new String[first.length];
        java.util.Arrays.fill(extra, "");
        extra[0] = first[0];
        extra[2] = first[2];
        lines.add(lines.size() / 2, String.join(",", extra));
        lines.add(0, header);
        Path file = dir.resolve("interleaved.csv");
        Files.write(file, lines);
        return file;
    }

    @ParameterizedTest
    @MethodSource("files")
    void shouldGiveTheReferencePathsResultsBitForBit(Path file) throws Exception {
        List<AnalysisDefinition> analyses = new ArrayList<>(AnalysesLoader.loadDefault().analyses());
        analyses.addAll(AnalysesLoader.parse(EXTRA, "test").analyses());
        int k = 0;

        BatchAnalysis.Outcome fast = BatchAnalysis.run(file, analyses, RegistryImporter.Options.defaults(), k,
                MONITOR, n -> { });
        Reference reference = reference(file, analyses, k);

        assertThat(fast.results()).hasSameSizeAs(reference.results);
        for (int i = 0; i < analyses.size(); i++) {
            assertThat(fast.results().get(i)).as(analyses.get(i).name()).isEqualTo(reference.results.get(i));
        }
        assertThat(fast.table1()).isEqualTo(reference.table1);
        assertThat(fast.dataQuality()).isEqualTo(reference.quality);
        assertThat(fast.summary()).isEqualTo(reference.summary);
        if (fast.summary().patients() > 400) {
            // Large enough for the Cox models to be fitted: the comparison covers real fits, not only warnings.
            assertThat(fast.results().stream().filter(r -> r.cox() != null && r.cox().converged()).count())
                    .as("Cox models fitted").isGreaterThanOrEqualTo(3);
        }
    }

    private record Reference(List<AnalysisResult> results, Table1Counts table1, Map<DataQualityFlag, Integer> quality,
            ImportSummary summary) {}

    /** The path before the batch rewrite: timelines, SubjectRow lists, CohortCounts.of, compute on the list. */
    private static Reference reference(Path file, List<AnalysisDefinition> analyses, int k) throws Exception {
        Map<AnalysisDefinition, List<SubjectRow>> rows = new LinkedHashMap<>();
        Map<AnalysisDefinition, SubjectSnapshot> snapshots = new LinkedHashMap<>();
        Map<AnalysisDefinition, Map<String, Integer>> excluded = new LinkedHashMap<>();
        Map<AnalysisDefinition, LocalDate[]> clock = new LinkedHashMap<>();
        analyses.forEach(a -> {
            rows.put(a, new ArrayList<>());
            snapshots.put(a, new SubjectSnapshot(a));
            excluded.put(a, new TreeMap<>());
            clock.put(a, new LocalDate[1]);
        });
        Table1Builder table1 = new Table1Builder(k);
        Map<DataQualityFlag, Integer> quality = new EnumMap<>(DataQualityFlag.class);
        ImportSummary summary = new RegistryImporter(RegistryImporter.Options.defaults()).forEachPatient(file, p -> {
            PatientTimeline timeline = p.timeline();
            LocalDate lastSeen = lastSeen(timeline);
            table1.add(timeline);
            for (AnalysisDefinition a : analyses) {
                Derivation d = SubjectRows.derive(timeline, a);
                CutHistory history = SubjectRows.cutHistory(PatientFacts.of(timeline), a);
                if (d instanceof Derivation.Row r) {
                    rows.get(a).add(r.row());
                    snapshots.get(a).add(r.row(), FollowUpRecord.of(timeline, a).orElseThrow(), history);
                } else if (d instanceof Derivation.Excluded x) {
                    snapshots.get(a).add(null, null, history);
                    if (CohortAccumulator.reported(x.flag())) {
                        excluded.get(a).merge(x.flag().name(), 1, Integer::sum);
                    }
                    if (x.flag().dataQuality()) {
                        quality.merge(x.flag(), 1, Integer::sum);
                    }
                }
                LocalDate[] c = clock.get(a);
                if (CohortAccumulator.movesClock(d) && lastSeen != null && (c[0] == null || lastSeen.isAfter(c[0]))) {
                    c[0] = lastSeen;
                }
            }
        });
        List<AnalysisResult> results = new ArrayList<>();
        for (AnalysisDefinition a : analyses) {
            List<SubjectRow> list = rows.get(a);
            LocalDate asOf = clock.get(a)[0];
            String clockText = asOf == null ? null : asOf.toString();
            SubjectParts parts = SubjectSnapshot.needed(a)
                    ? snapshots.get(a).parts(clockText, false, k, MONITOR, 1, took -> { }) : null;
            results.add(AnalysisEngine.compute(a, CohortCounts.of(a.groupBy(), a.endpoint().causeCount(), list),
                    excluded.get(a), clockText, k,
                    MONITOR, parts));
        }
        return new Reference(results, table1.counts(), quality, summary);
    }

    /** The timeline path's clock, computed plainly: the latest date among the events in effect, null when none. */
    private static LocalDate lastSeen(PatientTimeline timeline) {
        LocalDate last = null;
        for (org.followupmonitor.events.ClinicalEvent e : timeline.effectiveEvents()) {
            if (last == null || e.occurredOn().isAfter(last)) {
                last = e.occurredOn();
            }
        }
        return last;
    }
}

package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.analysis.Table1Counts;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.privacy.PrivacyAudit.Finding;
import org.followupmonitor.privacy.RangeSolver.Range;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reproductions of issue 14 on the bundled example cohort: with only the small cells withheld (as before),
 * the audit recovers them exactly; with disclosure control as planned now, it narrows nothing.
 */
class SmallCellReproductionsTest {
    private static final int MIN = 11;
    /** The default analyses plus the grade analysis among operated patients. */
    private static List<AnalysisDefinition> analyses;
    private static List<AnalysisResult> complete;
    private static Table1Counts table1;

    @BeforeAll
    static void analyse() throws Exception {
        analyses = new ArrayList<>(AnalysesLoader.loadDefault().analyses());
        analyses.addAll(AnalysesLoader.parse("""
                analyses:
                  - name: os-by-grade-operated
                    endpoint: overall-survival
                    origin: index
                    groupBy: grade
                    filter: {arm: surgery}
                    milestonesDays: [365, 730, 1826]
                """, "test").analyses());
        BatchAnalysis.Outcome o = BatchAnalysis.run(Path.of("examples/study-cohort.csv"), analyses,
                RegistryImporter.Options.defaults(), MIN, Monitor.NONE, n -> { }, true);
        complete = o.results();
        table1 = o.table1();
    }

    /** What was published before: each count of 1 .. 10 withheld on its own, nothing else. */
    private static Release smallCellsOnly() {
        Set<String> units = new TreeSet<>();
        for (AnalysisResult r : complete) {
            AnalysisDefinition def = analyses.stream().filter(d -> d.name().equals(r.name())).findFirst().orElseThrow();
            if (r.subjects() < MIN) {
                units.add(Units.whole(def));
            }
            r.groups().stream().filter(g -> g.n() < MIN).forEach(g -> units.add(Units.group(def, g.group())));
        }
        Set<String> t1 = new TreeSet<>();
        for (Table1Counts.Characteristic c : table1.characteristics()) {
            for (int i = 0; i < c.levels().size(); i++) {
                if (c.total(i) < MIN) {
                    t1.add(Units.table1Row(c.name(), c.levels().get(i)));
                }
                for (int j = 0; j < table1.arms().size(); j++) {
                    long k = c.counts().get(i).get(j);
                    if (k > 0 && k < MIN) {
                        t1.add(Units.table1Cell(c.name(), c.levels().get(i), table1.arms().get(j)));
                    }
                }
            }
        }
        return Views.planned(analyses, complete, units, table1, t1);
    }

    private static Release planned() {
        Set<String> units = SuppressionPlanner.analyses(analyses, complete, MIN);
        Set<String> t1 = SuppressionPlanner.table1(analyses, complete, units, table1, MIN);
        return Views.planned(analyses, complete, units, table1, t1);
    }

    private static Finding finding(PrivacyAudit.Report report, String cell) {
        return report.findings().stream().filter(f -> f.cell().equals(cell)).findFirst()
                .orElseThrow(() -> new AssertionError(cell + " is not withheld; withheld: " + report.findings()));
    }

    @Test
    void table1TStageUnknownNoSurgeryWasTheRowTotalMinusTheOtherCell() {
        // "11 (4.6) | <11 | 15": the hidden cell is 4.
        PrivacyAudit.Report before = PrivacyAudit.audit(smallCellsOnly(), MIN);
        assertThat(finding(before, "Table 1: t-stage unknown / no-surgery").range()).isEqualTo(new Range(4, 4));
        PrivacyAudit.Report now = PrivacyAudit.audit(planned(), MIN);
        assertThat(now.narrowed()).isEmpty();
        assertThat(finding(now, "Table 1: t-stage unknown / no-surgery").protectedCell()).isTrue();
    }

    @Test
    void table1RecurrenceYesWasTheArmMinusRecurrenceNo() {
        // "<11 | <11 | 16" beside "no" 227 / 178 and arms 237 / 184: the hidden cells are 10 and 6.
        PrivacyAudit.Report before = PrivacyAudit.audit(smallCellsOnly(), MIN);
        assertThat(finding(before, "Table 1: recurrence yes / surgery").range()).isEqualTo(new Range(10, 10));
        assertThat(finding(before, "Table 1: recurrence yes / no-surgery").range()).isEqualTo(new Range(6, 6));
        // Now: disease-free minus overall-survival events alone give at least 9 operated patients who recurred
        // and are alive, so no suppression inside Table 1 could hide the row: it is withheld as a block.
        Release now = planned();
        assertThat(now.table1().characteristics()).noneMatch(c -> c.name().equals("recurrence"));
        assertThat(PrivacyAudit.audit(now, MIN).narrowed()).isEmpty();
    }

    @Test
    void gradeOneAmongOperatedWasTheTotalMinusTheOtherGrades() {
        // 144 patients, groups 2 and 3 with 86 and 50: group 1 is 8.
        PrivacyAudit.Report before = PrivacyAudit.audit(smallCellsOnly(), MIN);
        assertThat(finding(before, "os-by-grade-operated: group 1: patients").range()).isEqualTo(new Range(8, 8));
        PrivacyAudit.Report now = PrivacyAudit.audit(planned(), MIN);
        Finding g1 = finding(now, "os-by-grade-operated: group 1: patients");
        assertThat(g1.protectedCell()).isTrue();
        assertThat(g1.range().low()).isLessThanOrEqualTo(1);
        assertThat(g1.range().high()).isGreaterThanOrEqualTo(MIN - 1);
        assertThat(now.narrowed()).isEmpty();
    }

    @Test
    void theReleaseAsPublishedPassesTheAuditReadFromItsFiles() throws Exception {
        // The same release through the reader: results as JSON, Table 1 from the Markdown report.
        Disclosure.Batch batch = Disclosure.batch(analyses, complete, table1, MIN);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("audit");
        java.nio.file.Path json = java.nio.file.Files.writeString(dir.resolve("report.json"),
                org.followupmonitor.analysis.ResultJson.document(batch.results()));
        java.nio.file.Path md = java.nio.file.Files.writeString(dir.resolve("report.md"),
                org.followupmonitor.report.MarkdownReport.render("t", batch.table1(), batch.results(),
                        Disclosure.dataQuality(batch.results()), MIN, batch.summary(), java.util.List.of()));
        List<Release> read = PublishedFiles.read(List.of(List.of(md, json)), analyses);
        assertThat(read).hasSize(1);
        PrivacyAudit.Report report = PrivacyAudit.audit(read.get(0), MIN);
        assertThat(report.findings()).isNotEmpty();
        assertThat(report.narrowed()).isEmpty();
        assertThat(report.findings()).extracting(Finding::cell).containsAll(
                PrivacyAudit.audit(planned(), MIN).findings().stream().map(Finding::cell).toList());
    }
}

package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.analysis.ResultJson;
import org.followupmonitor.analysis.Table1;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.report.MarkdownReport;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;

/**
 * On random cohorts and random configurations, what {@code analyze} publishes, read back from its JSON and
 * Markdown files, lets the audit narrow no suppressed count; and no count of 1 .. minimum - 1 patients is shown.
 */
class DisclosurePropertiesTest {
    @Property(tries = 12)
    void theAuditNarrowsNoSuppressedCountOfABatchRelease(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 40, max = 400) int patients, @ForAll("minimum") int minCellSize) throws Exception {
        System.out.printf("DisclosurePropertiesTest seed %d, %d patients, minimum %d%n", seed, patients, minCellSize);
        List<AnalysisDefinition> analyses = RandomConfigurations.draw(seed);
        Path dir = Files.createTempDirectory("disclosure");
        Path csv = dir.resolve("cohort.csv");
        new StudyCohortGenerator(StudyCohortParameters.study(seed).withPatients(patients)).writeCsv(csv);
        BatchAnalysis.Outcome outcome = BatchAnalysis.run(csv, analyses, RegistryImporter.Options.defaults(),
                minCellSize, Monitor.NONE, n -> { }, true);

        Disclosure.Batch release = Disclosure.batch(analyses, outcome.results(), outcome.table1(), minCellSize);

        Path json = Files.writeString(dir.resolve("report.json"), ResultJson.document(release.results()));
        Path md = Files.writeString(dir.resolve("report.md"), MarkdownReport.render("t", release.table1(),
                release.results(), Disclosure.dataQuality(release.results()), minCellSize, release.summary(), List.of()));
        Release published = PublishedFiles.read(List.of(List.of(md, json)), analyses).get(0);
        PrivacyAudit.Report audit = PrivacyAudit.audit(published, minCellSize);
        assertThat(audit.narrowed()).as("narrowed in %s", RandomConfigurations.names(analyses)).isEmpty();
        assertThat(audit.drift()).isZero();
        // The exact sequence audit of this one release (the first of a stream's) is the release's own audit.
        PrivacyAudit.Report sequence = GrowthAudit.sequence(List.of(published), minCellSize);
        assertThat(sequence.findings()).extracting(PrivacyAudit.Finding::cell).containsExactlyElementsOf(
                audit.findings().stream().map(f -> "release 1: " + f.cell()).toList());
        assertThat(sequence.narrowed()).isEmpty();
        noSmallCountShown(release.results(), release.table1(), minCellSize);
        noAgeBesideAWithheldSize(release.table1());
    }

    /**
     * Table 1's age statistics stand only beside a published size (AgeBesideWithheldArmsTest): the means of the arms
     * and of all patients would otherwise give withheld arm sizes back.
     */
    static void noAgeBesideAWithheldSize(Table1 table1) {
        if (table1 == null || table1.withheld()) {
            return;
        }
        Table1.Characteristic age = table1.characteristics().get(0);
        assertThat(age.name()).startsWith("age");
        Table1.Row row = age.rows().get(0);
        boolean anyWithheld = false;
        for (int j = 0; j < table1.groups().size(); j++) {
            if (table1.groupSizes().get(j) == null) {
                anyWithheld = true;
                assertThat(row.cells().get(j)).as("age of " + table1.groups().get(j)).doesNotContainPattern("\\d");
            }
        }
        if (anyWithheld) {
            assertThat(row.total()).as("age of all patients").doesNotContainPattern("\\d");
            assertThat(age.pValue()).isNull();
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> minimum() {
        return net.jqwik.api.Arbitraries.of(5, 11);
    }

    private static boolean small(int k, int minCellSize) {
        return k >= 1 && k < minCellSize;
    }

    /** Every published count of patients (groups, cohorts, Table 1) is 0 or at least the minimum. */
    static void noSmallCountShown(List<AnalysisResult> results, Table1 table1, int minCellSize) {
        for (AnalysisResult r : results) {
            if (r.subjects() != null) {
                assertThat(small(r.subjects(), minCellSize)).as(r.name() + " subjects").isFalse();
            }
            for (AnalysisResult.GroupResult g : r.groups()) {
                if (g.n() != null) {
                    assertThat(small(g.n(), minCellSize)).as(r.name() + " group " + g.group()).isFalse();
                }
            }
        }
        if (table1 != null) {
            for (Table1.Characteristic c : table1.characteristics()) {
                for (Table1.Row row : c.rows()) {
                    List<String> cells = new java.util.ArrayList<>(row.cells());
                    cells.add(row.total());
                    for (String cell : cells) {
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)").matcher(cell);
                        if (m.find()) {
                            assertThat(small(Integer.parseInt(m.group(1)), minCellSize))
                                    .as(c.name() + " " + row.label()).isFalse();
                        }
                    }
                }
            }
            for (Integer size : table1.groupSizes()) {
                if (size != null) {
                    assertThat(small(size, minCellSize)).isFalse();
                }
            }
        }
    }
}

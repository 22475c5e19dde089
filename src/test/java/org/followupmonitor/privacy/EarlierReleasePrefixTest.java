package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner's model of a release with history names the earlier releases' counts with a prefix
 * ({@link AttackerModel#earlier}); the warning of a plan that stays narrowed names the analysis of each count by
 * taking the prefix off ({@link SuppressionPlanner#analysisOf}). The prefix of the last release was {@code "earlier: "},
 * which is also how every count of an analysis named "earlier" begins: its counts in the planned release were read
 * as counts of the release before ("earlier: group 2: patients" as analysis "group 2").
 */
class EarlierReleasePrefixTest {
    private static final int MIN = 11;

    @Test
    void countsOfAnAnalysisNamedEarlierAreNotReadAsAnEarlierReleasesCounts(@TempDir Path dir) throws Exception {
        List<AnalysisDefinition> defs = AnalysesLoader.parse("""
                analyses:
                  - name: earlier
                    endpoint: overall-survival
                    origin: diagnosis
                    groupBy: grade
                  - name: os
                    endpoint: overall-survival
                    origin: diagnosis
                """, "test").analyses();
        Path csv = dir.resolve("cohort.csv");
        new StudyCohortGenerator(StudyCohortParameters.study(3).withPatients(80)).writeCsv(csv);
        List<AnalysisResult> full = BatchAnalysis.run(csv, defs, RegistryImporter.Options.defaults(), MIN, Monitor.NONE,
                n -> { }, false).results();
        AnalysisResult earlier = full.get(0);
        // One group and the totals of the analysis named "earlier" withheld: counts of it to audit in both releases.
        Set<String> units = Set.of(Units.group(defs.get(0), earlier.groups().get(0).group()), Units.totals(defs.get(0)));
        Release release = Views.planned(defs, full, units, null, Set.of());
        List<String> own = AttackerModel.of(release).cells().stream().map(AttackerModel.Cell::name).toList();
        assertThat(own).contains("earlier: subjects");

        AttackerModel sequence = new ReleaseHistory(release, Map.of()).model(release);
        List<String> names = sequence.cells().stream().map(AttackerModel.Cell::name).toList();

        // The planned release's counts keep their names; the earlier release's carry the prefix once.
        assertThat(names).containsAll(own);
        own.forEach(c -> assertThat(names).contains(AttackerModel.earlier(1) + c));
        assertThat(names).hasSize(2 * own.size()).doesNotHaveDuplicates();
        for (String c : own) {
            assertThat(AttackerModel.unprefixed(c)).isEqualTo(c);
            assertThat(AttackerModel.unprefixed(AttackerModel.earlier(1) + c)).isEqualTo(c);
        }
        // Every count is put under the analysis it belongs to (the warning's grouping).
        assertThat(names).allSatisfy(c -> assertThat(SuppressionPlanner.analysisOf(c)).isEqualTo("earlier"));
    }
}

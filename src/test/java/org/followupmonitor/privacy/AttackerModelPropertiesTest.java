package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;

/**
 * The attacker's equations are true of real cohorts: with every count published, the system has a solution
 * (a false relation would make it inconsistent, and the audit would "narrow" counts that are not so); and
 * with counts withheld, each withheld count's feasible range holds its true value.
 */
class AttackerModelPropertiesTest {
    @Property(tries = 25)
    void theEquationsHoldForTheTrueCounts(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 30, max = 300) int patients) throws Exception {
        List<AnalysisDefinition> analyses = RandomConfigurations.draw(seed);
        Path csv = Files.createTempDirectory("model").resolve("cohort.csv");
        new StudyCohortGenerator(StudyCohortParameters.study(seed).withPatients(patients)).writeCsv(csv);
        BatchAnalysis.Outcome o = BatchAnalysis.run(csv, analyses, RegistryImporter.Options.defaults(), 5,
                Monitor.NONE, n -> { }, true);
        AttackerModel everything = AttackerModel.of(Views.planned(analyses, o.results(), Set.of(), o.table1(),
                Set.of()));
        assertThat(new RangeSolver(everything.system(), Set.of()).consistent())
                .as("seed %d, %d patients: %s", seed, patients, RandomConfigurations.names(analyses)).isTrue();

        // Withhold every group, total and Table 1 cell: each range must hold the truth.
        Set<String> units = new java.util.TreeSet<>();
        analyses.forEach(d -> {
            units.add(Units.totals(d));
            o.results().stream().filter(r -> r.name().equals(d.name()))
                    .forEach(r -> r.groups().forEach(g -> units.add(Units.group(d, g.group()))));
        });
        Set<String> t1 = new java.util.TreeSet<>();
        o.table1().characteristics().forEach(c -> c.levels().forEach(l -> o.table1().arms()
                .forEach(a -> t1.add(Units.table1Cell(c.name(), l, a)))));
        AttackerModel model = AttackerModel.of(Views.planned(analyses, o.results(), units, o.table1(), t1));
        PrivacyAudit.Report report = PrivacyAudit.audit(model, 5, true);
        assertThat(report.drift()).isZero();
        for (int i = 0; i < model.cells().size(); i++) {
            Long truth = model.cells().get(i).count().value();
            if (truth != null) {
                RangeSolver.Range r = report.findings().get(i).range();
                assertThat(truth).as(model.cells().get(i).name()).isBetween(r.low(), r.high());
            }
        }
    }
}

package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.followupmonitor.analysis.BatchAnalysis;
import org.followupmonitor.analysis.Monitor;
import org.followupmonitor.analysis.Table1;
import org.followupmonitor.analysis.Table1Builder;
import org.followupmonitor.analysis.Table1Counts;
import org.followupmonitor.events.file.RegistryImporter;
import org.followupmonitor.synthetic.StudyCohortGenerator;
import org.followupmonitor.synthetic.StudyCohortParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table 1's age row against withheld arm sizes. Each arm's mean age m_j and all patients' M, as printed (two
 * decimals), give n_1 (m_1 - M) + n_2 (m_2 - M) = 0 up to rounding: with the number of patients known (an
 * all-patient analysis' subjects plus exclusions), the arms' sizes come back. The report therefore prints an age
 * statistic only beside a published size, as it does percentages.
 */
class AgeBesideWithheldArmsTest {
    private static final int MIN = 11;
    private static Table1Counts counts;

    @BeforeAll
    static void analyse(@TempDir Path dir) throws Exception {
        // The cohort of Table1ArmBoundByTheAnalysesTest: every patient's age is known.
        Path csv = dir.resolve("cohort.csv");
        new StudyCohortGenerator(StudyCohortParameters.study(7).withPatients(41)).writeCsv(csv);
        counts = BatchAnalysis.run(csv, RandomConfigurations.draw(7), RegistryImporter.Options.defaults(), MIN,
                Monitor.NONE, n -> { }, true).table1();
    }

    private static Table1 withArmsWithheld(String... arms) {
        Set<String> units = new TreeSet<>();
        for (String a : arms) {
            units.add(Units.table1Arm(a));
        }
        return Table1Builder.table(counts, Redaction.table1(units), MIN);
    }

    private static List<String> ageRow(Table1 t) {
        Table1.Row row = t.characteristics().get(0).rows().get(0);
        List<String> cells = new java.util.ArrayList<>(row.cells());
        cells.add(row.total());
        return cells;
    }

    private static double mean(String cell) {
        return Double.parseDouble(cell.substring(0, cell.indexOf(" ±")));
    }

    @Test
    void thePrintedMeansOfBothArmsAndTheTotalGiveTheArmsSizesBack() {
        long total = counts.armSizes().stream().mapToLong(Long::longValue).sum();
        for (int j = 0; j < counts.arms().size(); j++) {
            assertThat(counts.age().get(j).n()).isEqualTo(counts.armSizes().get(j)); // every age known
        }
        List<String> age = ageRow(withArmsWithheld()); // every size shown: every mean printed
        double r = 0.005;
        double m1 = mean(age.get(0));
        double m2 = mean(age.get(1));
        double all = mean(age.get(2));
        // n_2 = total (M - m_1) / (m_2 - m_1), over the rounding of each printed mean.
        double low = total * ((all - r) - (m1 + r)) / ((m2 + r) - (m1 - r));
        double high = total * ((all + r) - (m1 - r)) / ((m2 - r) - (m1 + r));
        assertThat((long) Math.floor(high) - (long) Math.ceil(low)).as("integers in [%s, %s]", low, high).isZero();
        assertThat((long) Math.ceil(low)).isEqualTo(counts.armSizes().get(1));
    }

    @Test
    void withBothArmsWithheldNoAgeStatisticNorTestIsPrinted() {
        Table1 t = withArmsWithheld("surgery", "no-surgery");
        assertThat(t.groupSizes()).containsOnlyNulls();
        assertThat(ageRow(t)).containsOnly(Table1Builder.WITHHELD);
        assertThat(t.characteristics().get(0).pValue()).isNull();
    }

    @Test
    void withOneArmWithheldOnlyTheOtherArmsAgeIsPrinted() {
        Table1 t = withArmsWithheld("no-surgery");
        List<String> age = ageRow(t);
        assertThat(age.get(0)).matches("\\d+\\.\\d\\d ± \\d+\\.\\d\\d");
        assertThat(age.subList(1, 3)).containsOnly(Table1Builder.WITHHELD);
        assertThat(t.characteristics().get(0).pValue()).isNull();
    }
}

package org.followupmonitor.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The generator at sizes and operated shares other than the study's. */
class StudyCohortGeneratorPropertiesTest {

    @Property(tries = 40)
    void anySizeAndShareGivesProportionalArmsAndDeathsAndValidRows(
            @ForAll @IntRange(min = 1, max = 3000) int n,
            @ForAll @DoubleRange(min = 0.05, max = 0.95) double share,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        System.out.println("n " + n + " share " + share + " seed " + seed);
        StudyCohortParameters p = StudyCohortParameters.study(seed).withPatients(n).withOperatedShare(share);
        CohortCsv c = new CohortCsv(new StudyCohortGenerator(p).toCsv());
        assertThat(c.rows).hasSize(n);
        long operated = c.rows.stream().filter(CohortCsv::operated).count();
        assertThat(operated).isEqualTo(Math.round(n * share));
        long deadOp = c.rows.stream().filter(r -> CohortCsv.operated(r) && CohortCsv.dead(r)).count();
        long deadNot = c.rows.stream().filter(r -> !CohortCsv.operated(r) && CohortCsv.dead(r)).count();
        // per-subtype deaths are rounded cell by cell and the unknown-receptor cell absorbs the rest, so
        // the arm total can miss its target only when the unknown cell cannot absorb it (5 rounded cells)
        assertThat((double) deadOp).isCloseTo(operated * 37.0 / 237.0, org.assertj.core.api.Assertions.within(5.0));
        assertThat((double) deadNot).isCloseTo((n - operated) * 47.0 / 184.0,
                org.assertj.core.api.Assertions.within(5.0));
        for (Map<String, String> r : c.rows) {
            LocalDate last = CohortCsv.date(r, "last_contact_date");
            assertThat(last).isAfter(CohortCsv.origin(r)).isBeforeOrEqualTo(p.followUpEnd());
            assertThat(r.get("patient_id")).matches("SYN-[0-9]{6,}");
        }
        assertThat(c.rows.stream().map(r -> r.get("patient_id")).distinct().count()).isEqualTo(n);
    }
}

package org.followupmonitor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The column store's canonical order against a plain sort of the same rows by the canonical key (day and
 * event, then group, stratum, factors and numbers as text, then arrival): the Cox fits read rows in this
 * order, so it must be the same row for row (covariates with few and many values, missing values, -0.0, ties
 * on day and event, and days large enough for the packed-key sort).
 */
class CoxRowStorePropertiesTest {
    private static final AnalysisDefinition DEF = AnalysesLoader.parse("""
            analyses:
              - name: mixed
                endpoint: overall-survival
                origin: index
                groupBy: arm
                strata: [subtype]
                cox:
                  covariates: [{name: grade, reference: "3"}, {name: age}, {name: ki67}]
            """, "test").analyses().get(0);

    @Property(tries = 60)
    void sortedEqualsCanonicalOfTheSameRows(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n,
            @ForAll boolean hugeDays) {
        System.out.println("CoxRowStorePropertiesTest seed=" + seed + " n=" + n + " hugeDays=" + hugeDays);
        Random rnd = new Random(seed);
        List<SubjectRow> rows = new ArrayList<>();
        CoxRowStore store = new CoxRowStore(DEF);
        String[] subtypes = {"luminal-a", "luminal-b", "triple-negative"};
        for (int i = 0; i < n; i++) {
            Map<String, String> factors = new HashMap<>();
            Map<String, Double> numbers = new HashMap<>();
            if (rnd.nextInt(10) > 0) {
                factors.put("grade", Integer.toString(1 + rnd.nextInt(3)));
            }
            if (rnd.nextInt(10) > 0) {
                numbers.put("age", (double) (30 + rnd.nextInt(40)));
            }
            if (rnd.nextInt(3) > 0) {
                numbers.put("ki67", rnd.nextInt(20) == 0 ? -0.0 : rnd.nextInt(1000) / 10.0);
            }
            int day = hugeDays ? rnd.nextInt(Integer.MAX_VALUE) : rnd.nextInt(60);
            SubjectRow r = new SubjectRow(day, rnd.nextBoolean(), rnd.nextBoolean() ? "surgery" : "no-surgery",
                    "subtype=" + subtypes[rnd.nextInt(3)], factors, numbers);
            rows.add(r);
            store.add(r);
        }
        List<SubjectRow> expected = canonical(rows);
        List<String> labels = DEF.covariates().stream().map(Variable::label).toList();
        AnalysisEngine.CoxRows actual = store.sorted();
        assertThat(actual.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            SubjectRow e = expected.get(i);
            assertThat(actual.timeDays(i)).as("row %d", i).isEqualTo(e.timeDays());
            assertThat(actual.event(i)).isEqualTo(e.event());
            for (int k = 0; k < 3; k++) {
                assertThat(actual.level(k, i)).isEqualTo(e.factors().get(labels.get(k)));
                Double v = e.numbers().get(labels.get(k));
                assertThat(Double.doubleToRawLongBits(actual.number(k, i)))
                        .isEqualTo(Double.doubleToRawLongBits(v == null ? Double.NaN : v));
            }
        }
    }

    /** The oracle: a stable sort by (2 day + event), then the row's group, stratum, factors and numbers as text. */
    private static List<SubjectRow> canonical(List<SubjectRow> rows) {
        List<SubjectRow> out = new ArrayList<>(rows);
        out.sort(java.util.Comparator.<SubjectRow>comparingLong(r -> 2L * r.timeDays() + (r.event() ? 1 : 0))
                .thenComparing(r -> r.group() + '\u0000' + r.stratum() + '\u0000' + r.factors() + '\u0000'
                        + r.numbers()));
        return out;
    }

    private static final AnalysisDefinition VARYING = AnalysesLoader.parse("""
            analyses:
              - name: varying
                endpoint: overall-survival
                origin: diagnosis
                cox:
                  covariates: [{name: arm, timeVarying: true}, {name: chemotherapy, timeVarying: true}, grade]
            """, "test").analyses().get(0);

    /** With time-varying covariates, rows that differ only in when they switch on are ordered by those days. */
    @Property(tries = 40)
    void sortedOrdersRowsByTheirSwitchDaysToo(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2000) int n,
            @ForAll boolean hugeDays) {
        Random rnd = new Random(seed);
        List<SubjectRow> rows = new ArrayList<>();
        CoxRowStore store = new CoxRowStore(VARYING);
        for (int i = 0; i < n; i++) {
            Map<String, Integer> switches = new HashMap<>();
            Map<String, String> factors = new HashMap<>();
            factors.put("arm", "no-surgery");
            factors.put("chemotherapy", "no");
            if (rnd.nextInt(3) > 0) {
                switches.put("arm", rnd.nextInt(40) - 5);
                factors.put("arm", "surgery");
            }
            if (rnd.nextInt(3) > 0) {
                switches.put("chemotherapy", hugeDays ? rnd.nextInt() : rnd.nextInt(40) - 20);
                factors.put("chemotherapy", "yes");
            }
            factors.put("grade", Integer.toString(1 + rnd.nextInt(2)));
            int day = hugeDays ? rnd.nextInt(Integer.MAX_VALUE) : rnd.nextInt(30);
            SubjectRow r = new SubjectRow(day, rnd.nextBoolean(), SubjectRow.ALL, "", factors, Map.of(), switches);
            rows.add(r);
            store.add(r);
        }
        // The canonical key, then arm's switch day, then chemotherapy's (never last), stably.
        java.util.Comparator<SubjectRow> bySwitches = java.util.Comparator.<SubjectRow>comparingLong(r ->
                        r.switches().containsKey("arm") ? r.switches().get("arm") : Long.MAX_VALUE)
                .thenComparingLong(r -> r.switches().containsKey("chemotherapy") ? r.switches().get("chemotherapy")
                        : Long.MAX_VALUE);
        List<SubjectRow> expected = new ArrayList<>(rows);
        expected.sort(java.util.Comparator.<SubjectRow>comparingLong(r -> 2L * r.timeDays() + (r.event() ? 1 : 0))
                .thenComparing(r -> r.group() + '\u0000' + r.stratum() + '\u0000' + r.factors() + '\u0000'
                        + r.numbers())
                .thenComparing(bySwitches));
        AnalysisEngine.CoxRows actual = store.sorted();
        for (int i = 0; i < n; i++) {
            SubjectRow e = expected.get(i);
            assertThat(actual.timeDays(i)).as("row %d", i).isEqualTo(e.timeDays());
            assertThat(actual.level(0, i)).isEqualTo(e.factors().get("arm"));
            assertThat(actual.switchDay(0, i)).isEqualTo(e.switches().getOrDefault("arm", Integer.MIN_VALUE));
            assertThat(actual.switchDay(1, i)).isEqualTo(e.switches().getOrDefault("chemotherapy", Integer.MIN_VALUE));
            assertThat(actual.switchDay(2, i)).isEqualTo(Integer.MIN_VALUE);
        }
    }
}

package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.Monitoring;
import org.junit.jupiter.api.Test;

/**
 * Boundaries at uneven formal looks (data cuts whose event counts overshoot the look's share of the planned events)
 * and at an over-running final look, against rpact 3.3.4 ({@code r/look_boundaries_reference.R}: two-sided
 * {@code getDesignGroupSequential(sided = 2, typeOfDesign = "asUser")} with spending alpha(min(1, events / planned))
 * at information rates events / final events, gsDesign's convention for over-running).
 *
 * <p>Tolerances: the cumulative alpha spent is the same closed formula on both sides, 1e-12 relative. rpact's
 * boundaries come from its own numerical integration, which agrees with converged integrations (ours at grid r = 64,
 * {@link NaiveBoundaries}) to about 1e-7 where the boundary is below 4 (nominal p above 6e-5) but loses digits in the
 * far tail (it reports Inf for increments of 1e-11, and is off by up to 1e-2 at boundaries near 5.5): there the
 * boundaries are checked against {@link NaiveBoundaries} in {@link SequentialMonitorTest}, and here only that rpact's
 * value is not below ours by more than its own error.
 */
class LookBoundariesReferenceTest {
    private record Row(String spending, int planned, int look, int events, double fraction, double alpha,
            double boundary) {}

    private static Map<String, List<Row>> reference() throws IOException {
        Map<String, List<Row>> cases = new LinkedHashMap<>();
        try (InputStream in = LookBoundariesReferenceTest.class.getResourceAsStream("r/look_boundaries_reference.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) {
                    continue;
                }
                cases.computeIfAbsent(f[0] + "/" + f[1], k -> new ArrayList<>()).add(new Row(f[1],
                        Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                        f[7].equals("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(f[7])));
            }
        }
        return cases;
    }

    @Test
    void unevenAndOverrunningLooksMatchRpact() throws IOException {
        Map<String, List<Row>> cases = reference();
        assertThat(cases).containsKeys("uneven/obrien-fleming", "uneven/pocock", "over/obrien-fleming", "over/pocock",
                "first-over/obrien-fleming", "quarters/obrien-fleming", "quarters/pocock");
        int compared = 0;
        for (Map.Entry<String, List<Row>> c : cases.entrySet()) {
            List<Row> rows = c.getValue();
            Row first = rows.get(0);
            Monitoring spec = new Monitoring(first.planned(), "pocock".equals(first.spending())
                    ? Monitoring.Spending.POCOCK : Monitoring.Spending.OBRIEN_FLEMING, 0.05, 0.05);
            int[] events = rows.stream().mapToInt(Row::events).toArray();
            List<Look> looks = new SequentialMonitor().looks(spec, SequentialMonitorTest.cuts(events));
            assertThat(looks).hasSize(rows.size());
            for (int k = 0; k < rows.size(); k++) {
                Row r = rows.get(k);
                Look l = looks.get(k);
                String what = c.getKey() + " look " + r.look();
                assertThat(l.informationFraction()).as(what).isCloseTo(r.fraction(), within(1e-15));
                assertThat(l.alphaSpent()).as(what).isCloseTo(r.alpha(), within(1e-12 * r.alpha()));
                assertThat(l.finalLook()).as(what).isEqualTo(r.events() >= r.planned());
                if (r.boundary() <= 4) {
                    assertThat(l.boundary()).as(what).isCloseTo(r.boundary(), within(1e-6));
                    compared++;
                } else {
                    assertThat(r.boundary()).as(what + " (rpact's far tail)").isGreaterThan(l.boundary() - 1e-2);
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(25);
    }
}

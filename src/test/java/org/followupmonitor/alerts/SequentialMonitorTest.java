package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.CohortCounts;
import org.followupmonitor.analysis.CutCohort;
import org.followupmonitor.analysis.Monitoring;
import org.followupmonitor.analysis.Monitoring.Spending;
import org.junit.jupiter.api.Test;

/**
 * Looks and boundaries of {@link SequentialMonitor}. Reference numbers: rpact / gsDesign for two-sided alpha
 * 0.05 and four equally spaced looks (/work/shared/STATISTICS.md), e.g.
 * {@code rpact::getDesignGroupSequential(kMax = 4, alpha = 0.05, sided = 2, typeOfDesign = "asOF")}; uneven and
 * over-running looks against rpact in {@link LookBoundariesReferenceTest}; other schedules against
 * {@link NaiveBoundaries}, an independent integration.
 */
class SequentialMonitorTest {
    private static final double[] OBF_QUARTERS = {4.3326336, 2.9631316, 2.3590443, 2.0140901};
    private static final double[] POCOCK_QUARTERS = {2.3683277, 2.3675243, 2.3581677, 2.3500295};
    private static final LocalDate DAY = LocalDate.parse("2015-01-01");

    private final SequentialMonitor monitor = new SequentialMonitor();

    /** Data cuts with the given event counts and a two-group cohort whose log-rank z has the given sign. */
    static List<CutCohort.Cut> cuts(int... events) {
        List<CutCohort.Cut> out = new ArrayList<>();
        for (int k = 0; k < events.length; k++) {
            CohortCounts.Builder counts = CohortCounts.builder(Optional.empty());
            // Group b dies first: z (b against a) positive.
            counts.add("a", "", 100, events[k] / 3, 200).add("b", "", 10, events[k] - events[k] / 3, 200);
            out.add(new CutCohort.Cut(DAY.plusDays(30L * k), events[k], 400 + events[k], counts.build()));
        }
        return out;
    }

    @Test
    void thresholdsAreMultiplesOfTheStepWithToleranceThenThePlannedEvents() {
        double[] fivePercent = SequentialMonitor.thresholds(new Monitoring(120, Spending.OBRIEN_FLEMING, 0.05, 0.05));
        assertThat(fivePercent).hasSize(20);
        // 0.15 * 120 is 18.000000000000004 in floating point: 18 events still reach the third look.
        assertThat(18 >= fivePercent[2]).isTrue();
        assertThat(17 >= fivePercent[2]).isFalse();
        assertThat(fivePercent[19]).isEqualTo(120.0);
        assertThat(fivePercent[18]).isCloseTo(114.0, within(1e-6));
        assertThat(SequentialMonitor.thresholds(new Monitoring(10, Spending.POCOCK, 0.05, 0.3)))
                .containsExactly(new double[] {3, 6, 9, 10}, within(1e-6));
        assertThat(SequentialMonitor.thresholds(new Monitoring(200, Spending.POCOCK, 0.05, 0.25)))
                .containsExactly(new double[] {50, 100, 150, 200}, within(1e-6));
        assertThat(SequentialMonitor.thresholds(new Monitoring(7, Spending.POCOCK, 0.05, 1.0))).containsExactly(7.0);
    }

    @Test
    void shouldMatchRpactObrienFlemingAndPocockAtFourEquallySpacedLooks() {
        for (Spending spending : Spending.values()) {
            double[] expected = spending == Spending.OBRIEN_FLEMING ? OBF_QUARTERS : POCOCK_QUARTERS;
            Monitoring spec = new Monitoring(200, spending, 0.05, 0.25);
            List<Look> looks = monitor.looks(spec, cuts(50, 100, 150, 200));
            for (int k = 1; k <= 4; k++) {
                Look l = looks.get(k - 1);
                assertThat(l.look()).isEqualTo(k);
                assertThat(l.boundary()).as(spending + " look " + k).isCloseTo(expected[k - 1], within(1e-6));
                assertThat(l.informationFraction()).isEqualTo(0.25 * k);
                assertThat(l.cutDate()).isEqualTo(DAY.plusDays(30L * (k - 1)).toString());
                assertThat(l.finalLook()).isEqualTo(k == 4);
            }
            assertThat(looks.get(3).alphaSpent()).isCloseTo(0.05, within(1e-15));
            MonitoringStatus s = monitor.status(spec, 170, 0.0, looks.subList(0, 3), null);
            // Between looks the boundary is the latest look's; the fraction is the data's now.
            assertThat(s.boundary()).isEqualTo(looks.get(2).boundary());
            assertThat(s.informationFraction()).isEqualTo(0.85);
            assertThat(s.spending()).isEqualTo(spending == Spending.OBRIEN_FLEMING ? "obrien-fleming" : "pocock");
        }
    }

    @Test
    void boundariesComeFromTheActualFractionsOfUnevenLooks() {
        // Ties on cut dates make the looks uneven: 7, 13, 19, ... events of 120.
        int[] events = {7, 13, 19, 26, 43, 61, 84, 114};
        Monitoring spec = new Monitoring(120, Spending.POCOCK, 0.05, 0.05);
        List<Look> looks = monitor.looks(spec, cuts(events));
        double[] t = new double[events.length];
        double[] spent = new double[events.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = events[k] / 120.0;
            spent[k] = NaiveBoundaries.pocockSpent(t[k], 0.05);
        }
        double[] naive = NaiveBoundaries.boundaries(t, spent);
        for (int k = 0; k < t.length; k++) {
            assertThat(looks.get(k).informationFraction()).isEqualTo(t[k]);
            assertThat(looks.get(k).boundary()).as("look " + (k + 1)).isCloseTo(naive[k], within(1e-6));
            assertThat(looks.get(k).alphaSpent()).isCloseTo(spent[k], within(1e-15));
        }
    }

    @Test
    void theLookThatReachesThePlannedEventsIsFinalCappedAtOneAndSpendsTheRest() {
        Monitoring spec = new Monitoring(120, Spending.OBRIEN_FLEMING, 0.05, 0.25);
        List<Look> looks = monitor.looks(spec, cuts(31, 62, 95, 130));
        Look last = looks.get(3);
        assertThat(last.finalLook()).isTrue();
        assertThat(last.informationFraction()).isEqualTo(1.0);
        assertThat(last.events()).isEqualTo(130);
        assertThat(last.alphaSpent()).isCloseTo(0.05, within(1e-15));
        assertThat(looks.subList(0, 3)).noneMatch(Look::finalLook);
        // The earlier looks keep their fractions; the final one correlates with them through 130 events, not 120.
        double[] info = {31 / 130.0, 62 / 130.0, 95 / 130.0, 1.0};
        double[] spent = new double[4];
        for (int k = 0; k < 4; k++) {
            spent[k] = NaiveBoundaries.obfSpent(Math.min(1, info[k] * 130 / 120), 0.05);
        }
        double[] naive = NaiveBoundaries.boundaries(info, spent);
        for (int k = 0; k < 4; k++) {
            assertThat(looks.get(k).boundary()).as("look " + (k + 1)).isCloseTo(naive[k], within(1e-6));
        }
        // No output shows a fraction above 1: 997 of 120 planned events is 100%.
        MonitoringStatus over = monitor.status(spec, 997, 2.0, looks, null);
        assertThat(over.informationFraction()).isEqualTo(1.0);
        assertThat(over.observedEvents()).isEqualTo(997);
        assertThatThrownBy(() -> monitor.looks(spec, cuts(31, 130, 140))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("final look");
    }

    @Test
    void crossesOnlyAtAFormalLookAndNeverOnARawPValue() {
        Monitoring spec = new Monitoring(200, Spending.OBRIEN_FLEMING, 0.05, 0.25);
        // z = 10 with 49 events: far beyond 1.96, but no formal look yet.
        MonitoringStatus early = monitor.status(spec, 49, 10.0, List.of(), null);
        assertThat(early.looks()).isEmpty();
        assertThat(early.boundary()).isNull();
        assertThat(early.crossed()).isFalse();
        assertThat(early.z()).isEqualTo(10.0);
        List<Look> looks = monitor.looks(spec, cuts(50, 100));
        // Each look is judged on its own z against its own boundary.
        for (Look l : looks) {
            assertThat(l.crossed()).isEqualTo(Math.abs(l.z()) >= l.boundary());
        }
        assertThat(looks).anyMatch(Look::crossed);
        MonitoringStatus later = monitor.status(spec, 120, 0.1, looks, null);
        assertThat(later.crossed()).isEqualTo(looks.get(1).crossed());
        assertThat(later.z()).isEqualTo(0.1);
        assertThat(monitor.status(spec, 150, Double.NaN, looks, null).z()).isNull();
    }

    @Test
    void rejectsBadInput() {
        Monitoring spec = new Monitoring(10, Spending.POCOCK, 0.05, 0.5);
        assertThatThrownBy(() -> monitor.status(spec, -1, 0, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observedEvents");
        assertThatThrownBy(() -> monitor.status(null, 1, 0, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitoring");
    }
}

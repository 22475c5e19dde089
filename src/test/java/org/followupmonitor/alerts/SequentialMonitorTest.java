package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.Monitoring;
import org.followupmonitor.analysis.Monitoring.Spending;
import org.followupmonitor.survival.GroupSequentialLook;
import org.junit.jupiter.api.Test;

/**
 * Looks and boundaries of {@link SequentialMonitor}. Reference numbers: rpact / gsDesign for two-sided alpha
 * 0.05 and four equally spaced looks (/work/shared/STATISTICS.md), e.g.
 * {@code rpact::getDesignGroupSequential(kMax = 4, alpha = 0.05, sided = 2, typeOfDesign = "asOF")}; other
 * schedules against {@link NaiveBoundaries}, an independent integration.
 */
class SequentialMonitorTest {
    private static final double[] OBF_QUARTERS = {4.3326336, 2.9631316, 2.3590443, 2.0140901};
    private static final double[] POCOCK_QUARTERS = {2.3683277, 2.3675243, 2.3581677, 2.3500295};

    private final SequentialMonitor monitor = new SequentialMonitor();

    @Test
    void shouldMatchRpactObrienFlemingAndPocockAtFourEquallySpacedLooks() {
        for (Spending spending : Spending.values()) {
            double[] expected = spending == Spending.OBRIEN_FLEMING ? OBF_QUARTERS : POCOCK_QUARTERS;
            Monitoring spec = new Monitoring(200, spending, 0.05, 0.25);
            for (int k = 1; k <= 4; k++) {
                MonitoringStatus s = monitor.status(spec, 50 * k, 0.0);
                assertThat(s.looks()).isEqualTo(k);
                assertThat(s.boundary()).as(spending + " look " + k).isCloseTo(expected[k - 1], within(1e-6));
                assertThat(s.informationFraction()).isEqualTo(0.25 * k);
                // Between looks the boundary stays that of the latest look.
                if (k < 4) {
                    assertThat(monitor.status(spec, 50 * k + 49, 0.0).boundary()).isEqualTo(s.boundary());
                }
            }
            assertThat(monitor.status(spec, 49, 0.0).boundary()).isNull();
            assertThat(monitor.status(spec, 200, 0.0).spending())
                    .isEqualTo(spending == Spending.OBRIEN_FLEMING ? "obrien-fleming" : "pocock");
        }
    }

    @Test
    void shouldMatchAnIndependentIntegrationForLooksEveryFivePercent() {
        Monitoring obf = new Monitoring(400, Spending.OBRIEN_FLEMING, 0.05, 0.05);
        Monitoring pocock = new Monitoring(400, Spending.POCOCK, 0.05, 0.05);
        int looks = 20;
        double[] t = SequentialMonitor.fractions(0.05, looks);
        double[] spentObf = new double[looks];
        double[] spentPocock = new double[looks];
        for (int k = 0; k < looks; k++) {
            assertThat(t[k]).isCloseTo(0.05 * (k + 1), within(1e-15));
            assertThat(t[k]).isLessThanOrEqualTo(1.0);
            spentObf[k] = NaiveBoundaries.obfSpent(t[k], 0.05);
            spentPocock[k] = NaiveBoundaries.pocockSpent(t[k], 0.05);
        }
        double[] naiveObf = NaiveBoundaries.boundaries(t, spentObf);
        double[] naivePocock = NaiveBoundaries.boundaries(t, spentPocock);
        for (int k = 1; k <= looks; k++) {
            int events = 20 * k;
            assertThat(monitor.status(obf, events, 0).boundary()).as("OBF look " + k)
                    .isCloseTo(naiveObf[k - 1], within(1e-6));
            assertThat(monitor.status(pocock, events, 0).boundary()).as("Pocock look " + k)
                    .isCloseTo(naivePocock[k - 1], within(1e-6));
        }
    }

    @Test
    void looksFollowTheStepWithToleranceAndAFinalLookAtOne() {
        Monitoring fivePercent = new Monitoring(100, Spending.OBRIEN_FLEMING, 0.05, 0.05);
        assertThat(SequentialMonitor.lookCount(fivePercent, 0)).isZero();
        assertThat(SequentialMonitor.lookCount(fivePercent, 4)).isZero();
        assertThat(SequentialMonitor.lookCount(fivePercent, 5)).isEqualTo(1);
        // 0.15 / 0.05 is 2.9999999999999996 in floating point: still the third look.
        assertThat(SequentialMonitor.lookCount(fivePercent, 15)).isEqualTo(3);
        assertThat(SequentialMonitor.lookCount(fivePercent, 99)).isEqualTo(19);
        assertThat(SequentialMonitor.lookCount(fivePercent, 100)).isEqualTo(20);
        assertThat(SequentialMonitor.lookCount(fivePercent, 180)).isEqualTo(20);
        assertThat(SequentialMonitor.fractions(0.05, 20)[19]).isEqualTo(1.0);

        Monitoring thirds = new Monitoring(10, Spending.POCOCK, 0.05, 0.3);
        assertThat(SequentialMonitor.lookCount(thirds, 2)).isZero();
        assertThat(SequentialMonitor.lookCount(thirds, 3)).isEqualTo(1);
        assertThat(SequentialMonitor.lookCount(thirds, 9)).isEqualTo(3);
        assertThat(SequentialMonitor.lookCount(thirds, 10)).isEqualTo(4);
        assertThat(SequentialMonitor.fractions(0.3, 4)).containsExactly(0.3, 0.6, 0.8999999999999999, 1.0);
        assertThatThrownBy(() -> SequentialMonitor.fractions(0.3, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 4]");

        // An overrunning study reports its true fraction; its last look stays at 1.
        MonitoringStatus over = monitor.status(thirds, 13, 1.0);
        assertThat(over.informationFraction()).isCloseTo(1.3, within(1e-15));
        assertThat(over.looks()).isEqualTo(4);
        assertThat(over.boundary()).isEqualTo(monitor.looks(thirds, 4).get(3).boundary());
    }

    @Test
    void crossesOnlyAtAFormalLookAndNeverOnARawPValue() {
        Monitoring spec = new Monitoring(200, Spending.OBRIEN_FLEMING, 0.05, 0.25);
        // z = 10 with 49 events: far beyond 1.96, but no formal look yet.
        MonitoringStatus early = monitor.status(spec, 49, 10.0);
        assertThat(early.looks()).isZero();
        assertThat(early.boundary()).isNull();
        assertThat(early.crossed()).isFalse();
        assertThat(early.z()).isEqualTo(10.0);
        // At look 2 (c = 2.963): 2.5 has raw p = 0.012 but does not cross; -3.0 crosses (two-sided).
        assertThat(monitor.status(spec, 100, 2.5).crossed()).isFalse();
        assertThat(monitor.status(spec, 100, -3.0).crossed()).isTrue();
        assertThat(monitor.status(spec, 100, 2.9631316 + 1e-6).crossed()).isTrue();
        assertThat(monitor.status(spec, 100, 2.9631316 - 1e-6).crossed()).isFalse();
        MonitoringStatus undefined = monitor.status(spec, 150, Double.NaN);
        assertThat(undefined.z()).isNull();
        assertThat(undefined.crossed()).isFalse();
        assertThat(undefined.looks()).isEqualTo(3);
    }

    @Test
    void memoGivesTheSameLooksInAnyCallOrder() {
        Monitoring spec = new Monitoring(60, Spending.OBRIEN_FLEMING, 0.025, 0.1);
        SequentialMonitor descending = new SequentialMonitor();
        List<GroupSequentialLook> all = descending.looks(spec, 10);
        SequentialMonitor ascending = new SequentialMonitor();
        for (int k = 1; k <= 10; k++) {
            assertThat(ascending.looks(spec, k)).containsExactlyElementsOf(all.subList(0, k));
        }
        assertThat(descending.looks(spec, 3)).containsExactlyElementsOf(all.subList(0, 3));
        // The plan size does not change the schedule (fractions depend on lookStep only).
        assertThat(descending.looks(new Monitoring(999, Spending.OBRIEN_FLEMING, 0.025, 0.1), 10))
                .containsExactlyElementsOf(all);
    }

    @Test
    void rejectsBadInput() {
        Monitoring spec = new Monitoring(10, Spending.POCOCK, 0.05, 0.5);
        assertThatThrownBy(() -> monitor.status(spec, -1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observedEvents");
        assertThatThrownBy(() -> monitor.status(null, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("monitoring");
    }
}

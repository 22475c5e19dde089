package org.followupmonitor.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * Lan-DeMets boundaries against the values rpact and gsDesign give (they agree to about 1e-6; recorded in
 * /work/shared/STATISTICS.md and KAFKA-NOTES.md): two-sided alpha 0.05, looks at 0.25/0.5/0.75/1, e.g.
 * rpact::getDesignGroupSequential(kMax = 4, alpha = 0.05, sided = 2, typeOfDesign = "asOF").
 * Other schedules are checked against an independent trapezoid integration on the score scale.
 */
class GroupSequentialStateTest {
    private static final double[] QUARTERS = {0.25, 0.5, 0.75, 1.0};

    @Test
    void shouldMatchRpactObrienFlemingTypeBoundariesAtQuarters() {
        List<GroupSequentialLook> looks = LanDeMets.boundaries(SpendingFunction.OBRIEN_FLEMING, 0.05, QUARTERS);
        double[] expected = {4.3326336, 2.9631316, 2.3590443, 2.0140901};
        for (int k = 0; k < 4; k++) {
            assertThat(looks.get(k).boundary()).as("OBF look " + (k + 1)).isCloseTo(expected[k], within(1e-6));
        }
        assertThat(looks.get(3).cumulativeAlpha()).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void shouldMatchRpactPocockTypeBoundariesAtQuarters() {
        List<GroupSequentialLook> looks = LanDeMets.boundaries(SpendingFunction.POCOCK, 0.05, QUARTERS);
        double[] expected = {2.3683277, 2.3675243, 2.3581677, 2.3500295};
        for (int k = 0; k < 4; k++) {
            assertThat(looks.get(k).boundary()).as("Pocock look " + (k + 1)).isCloseTo(expected[k], within(1e-6));
        }
    }

    @Test
    void spendingFunctionsUseTheQuarterAlphaQuantileNotOnePointNineSix() {
        // alpha(t) = 2 (2 - 2 Phi(z_{0.9875} / sqrt t)) two-sided; z_0.9875 = 2.241402727604947 (R: qnorm(0.9875)).
        double t = 0.5;
        double expected = 2 * Erf.erfc(2.241402727604947 / Math.sqrt(t) / Math.sqrt(2));
        assertThat(SpendingFunction.OBRIEN_FLEMING.cumulativeAlpha(t, 0.05)).isCloseTo(expected, within(1e-15));
        assertThat(SpendingFunction.OBRIEN_FLEMING.cumulativeAlpha(1, 0.05)).isCloseTo(0.05, within(1e-15));
        assertThat(SpendingFunction.POCOCK.cumulativeAlpha(t, 0.05))
                .isCloseTo(0.05 * Math.log(1 + (Math.E - 1) * t), within(1e-16));
        assertThat(SpendingFunction.POCOCK.cumulativeAlpha(1, 0.05)).isCloseTo(0.05, within(1e-16));
    }

    @Test
    void firstLookBoundaryIsTheNormalQuantileOfTheSpentAlpha() {
        GroupSequentialLook first = LanDeMets.boundaries(SpendingFunction.POCOCK, 0.05, 0.3).get(0);
        assertThat(first.nominalP()).isCloseTo(first.cumulativeAlpha(), within(1e-15));
    }

    @Test
    void fiveEqualLooksSpendExactlyTheirAlphaUnderNaiveIntegration() {
        for (SpendingFunction f : SpendingFunction.values()) {
            List<GroupSequentialLook> looks = LanDeMets.boundaries(f, 0.05, 0.2, 0.4, 0.6, 0.8, 1.0);
            assertCrossingProbabilitiesEqualSpentAlpha(looks);
        }
    }

    @Test
    void unequallySpacedLooksSpendExactlyTheirAlphaUnderNaiveIntegration() {
        for (SpendingFunction f : SpendingFunction.values()) {
            List<GroupSequentialLook> looks = LanDeMets.boundaries(f, 0.05, 0.1, 0.15, 0.42, 0.9, 0.97, 1.0);
            assertCrossingProbabilitiesEqualSpentAlpha(looks);
        }
    }

    /** Simpson's rule on the r = 32 grid integrates the density to about 1e-8 absolute. */
    @Test
    void ownContinuationMassIsOneMinusSpentAlpha() {
        GroupSequentialState s = GroupSequentialState.start(SpendingFunction.OBRIEN_FLEMING, 0.05);
        for (double t : new double[] {0.2, 0.33, 0.5, 0.81, 1.0}) {
            s = s.look(t);
            assertThat(s.continuationProbability())
                    .isCloseTo(1 - s.lastLook().orElseThrow().cumulativeAlpha(), within(1e-7));
        }
    }

    @Test
    void aStateRestoredFromItsComponentsContinuesIdentically() {
        GroupSequentialState s = GroupSequentialState.start(SpendingFunction.POCOCK, 0.05).look(0.3).look(0.55);
        GroupSequentialState restored = new GroupSequentialState(s.spending(), s.alpha(), s.r(), s.looks(), s.grid(),
                s.weights(), s.density());
        assertThat(restored.look(0.8)).isEqualTo(s.look(0.8));
        // Previewing a look leaves the state as it was.
        GroupSequentialState preview = s.look(0.9);
        assertThat(s.looks()).hasSize(2);
        assertThat(preview.looks()).hasSize(3);
        // Incremental looks equal the batch schedule.
        assertThat(s.look(1.0).looks()).isEqualTo(LanDeMets.boundaries(SpendingFunction.POCOCK, 0.05, 0.3, 0.55, 1.0));
    }

    @Test
    void manyLooksKeepAFixedSizeStateAndSpendAllAlpha() {
        GroupSequentialState s = GroupSequentialState.start(SpendingFunction.OBRIEN_FLEMING, 0.05);
        int maxGrid = 12 * GroupSequentialState.DEFAULT_R - 3;
        for (int k = 1; k <= 100; k++) {
            s = s.look(k / 100.0);
            assertThat(s.grid().length).isLessThanOrEqualTo(maxGrid);
        }
        // Very early OBF looks spend (almost) nothing: huge or infinite boundaries, never NaN.
        assertThat(s.looks().get(0).boundary()).isGreaterThan(20);
        GroupSequentialLook last = s.lastLook().orElseThrow();
        assertThat(last.cumulativeAlpha()).isCloseTo(0.05, within(1e-15));
        assertThat(last.boundary()).isBetween(1.96, 2.2);
        GroupSequentialLook tiny = GroupSequentialState.start(SpendingFunction.OBRIEN_FLEMING, 0.05).look(0.001)
                .lastLook().orElseThrow();
        assertThat(tiny.boundary()).isInfinite();
        assertThat(tiny.nominalP()).isZero();
    }

    @Test
    void nominalPIsTheTwoSidedTailOfTheBoundary() {
        for (GroupSequentialLook l : LanDeMets.boundaries(SpendingFunction.OBRIEN_FLEMING, 0.05, QUARTERS)) {
            assertThat(l.nominalP()).isCloseTo(Erf.erfc(l.boundary() / Math.sqrt(2)), within(1e-18));
            assertThat(l.crossedBy(l.boundary())).isTrue();
            assertThat(l.crossedBy(-l.boundary())).isTrue();
            assertThat(l.crossedBy(Math.nextDown(l.boundary()))).isFalse();
        }
    }

    @Test
    void rejectsFractionsOutOfOrderOrBeyondOne() {
        GroupSequentialState s = GroupSequentialState.start(SpendingFunction.POCOCK, 0.05).look(0.5);
        assertThatThrownBy(() -> s.look(0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> s.look(1.2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> GroupSequentialState.start(SpendingFunction.POCOCK, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha");
    }

    /**
     * Independent oracle: trapezoid rule on a uniform grid of the score S_k = Z_k sqrt(t_k) (Brownian motion),
     * 4001 nodes per continuation interval with nodes on the boundaries. Checks that the probability of first
     * crossing at each look equals the alpha increment.
     */
    private static void assertCrossingProbabilitiesEqualSpentAlpha(List<GroupSequentialLook> looks) {
        int nodes = 4001;
        double[] s = null;
        double[] f = null;
        double prevT = 0;
        double crossedTotal = 0;
        for (GroupSequentialLook look : looks) {
            double t = look.fraction();
            double b = look.boundary() * Math.sqrt(t);
            double sd = Math.sqrt(t - prevT);
            double crossing;
            if (s == null) {
                crossing = Erf.erfc(look.boundary() / Math.sqrt(2));
            } else {
                crossing = 0;
                double h = s[1] - s[0];
                for (int j = 0; j < s.length; j++) {
                    double w = (j == 0 || j == s.length - 1) ? h / 2 : h;
                    crossing += w * f[j] * (0.5 * Erf.erfc((b - s[j]) / sd / Math.sqrt(2))
                            + 0.5 * Erf.erfc((b + s[j]) / sd / Math.sqrt(2)));
                }
            }
            assertThat(crossing).as("crossing probability at look " + look.index())
                    .isCloseTo(look.alphaIncrement(), within(1e-5 * look.alphaIncrement() + 1e-12));
            crossedTotal += crossing;
            double[] ns = new double[nodes];
            double[] nf = new double[nodes];
            double lo = Double.isInfinite(b) ? -12 : -b;
            double step = 2 * -lo / (nodes - 1);
            for (int i = 0; i < nodes; i++) {
                ns[i] = lo + i * step;
                if (s == null) {
                    nf[i] = Math.exp(-ns[i] * ns[i] / (2 * t)) / Math.sqrt(2 * Math.PI * t);
                } else {
                    double h = s[1] - s[0];
                    double acc = 0;
                    for (int j = 0; j < s.length; j++) {
                        double w = (j == 0 || j == s.length - 1) ? h / 2 : h;
                        double u = (ns[i] - s[j]) / sd;
                        acc += w * f[j] * Math.exp(-u * u / 2) / (sd * Math.sqrt(2 * Math.PI));
                    }
                    nf[i] = acc;
                }
            }
            s = ns;
            f = nf;
            prevT = t;
        }
        assertThat(crossedTotal).isCloseTo(looks.get(looks.size() - 1).cumulativeAlpha(), within(1e-7));
    }
}

package org.followupmonitor.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.followupmonitor.privacy.LinearSystem.Relation;
import org.followupmonitor.privacy.RangeSolver.Range;
import org.junit.jupiter.api.Test;

/** Feasible ranges of withheld counts on systems small enough to work out by hand. */
class RangeSolverTest {
    private static LinearExpression x(int v) {
        return LinearExpression.of(v);
    }

    @Test
    void aTotalAndAllButOneGroupGiveTheLastGroupExactly() {
        LinearSystem.Builder b = LinearSystem.builder();
        int total = b.variable("total", 0, 144L);
        int g1 = b.variable("g1", 1, null);
        int g2 = b.variable("g2", 1, 86L);
        int g3 = b.variable("g3", 1, 50L);
        b.equal(x(total), x(g1).plus(x(g2)).plus(x(g3)), false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(g1));
        assertThat(s.range(g1)).isEqualTo(new Range(8, 8));
        assertThat(s.solves()).as("pinned by presolve, no linear program").isZero();
    }

    @Test
    void twoWithheldGroupsShareWhatTheTotalLeaves() {
        LinearSystem.Builder b = LinearSystem.builder();
        int total = b.variable("total", 0, 144L);
        int g1 = b.variable("g1", 1, null);
        int g2 = b.variable("g2", 1, 86L);
        int g3 = b.variable("g3", 1, null);
        b.equal(x(total), x(g1).plus(x(g2)).plus(x(g3)), false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(g1, g3));
        assertThat(s.range(g1)).isEqualTo(new Range(1, 57));
        assertThat(s.range(g3)).isEqualTo(new Range(1, 57));
    }

    @Test
    void aTwoWayTableWithOneWithheldCellPerRowAndColumnIsPinned() {
        // Rows a, b; columns x, y; margins published; cells ax and by withheld, ay and bx published.
        LinearSystem.Builder b = LinearSystem.builder();
        int ax = b.variable("ax", 1, null);
        int ay = b.variable("ay", 1, 20L);
        int bx = b.variable("bx", 1, 30L);
        int by = b.variable("by", 1, null);
        b.add(x(ax).plus(x(ay)), Relation.EQ, 24, false);
        b.add(x(bx).plus(x(by)), Relation.EQ, 37, false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(ax, by));
        assertThat(s.range(ax)).isEqualTo(new Range(4, 4));
        assertThat(s.range(by)).isEqualTo(new Range(7, 7));
    }

    @Test
    void aRectangleOfWithheldCellsLeavesEachAnInterval() {
        // A 2 x 2 block withheld inside published margins: each cell moves with the others.
        LinearSystem.Builder b = LinearSystem.builder();
        int ax = b.variable("ax", 1, null);
        int ay = b.variable("ay", 1, null);
        int bx = b.variable("bx", 1, null);
        int by = b.variable("by", 1, null);
        b.add(x(ax).plus(x(ay)), Relation.EQ, 24, false);
        b.add(x(bx).plus(x(by)), Relation.EQ, 37, false);
        b.add(x(ax).plus(x(bx)), Relation.EQ, 12, false);
        b.add(x(ay).plus(x(by)), Relation.EQ, 49, false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(ax, ay, bx, by));
        assertThat(s.range(ax)).isEqualTo(new Range(1, 11));
        assertThat(s.range(by)).isEqualTo(new Range(26, 36));
        assertThat(s.drift()).isZero();
    }

    @Test
    void anUnboundedCountHasNoUpperLimit() {
        LinearSystem.Builder b = LinearSystem.builder();
        int total = b.variable("total", 0, null);
        int g1 = b.variable("g1", 1, null);
        int g2 = b.variable("g2", 1, 86L);
        b.equal(x(total), x(g1).plus(x(g2)), false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(g1, total));
        assertThat(s.range(g1).unbounded()).isTrue();
        assertThat(s.range(g1).low()).isEqualTo(1);
        assertThat(s.range(total).low()).isEqualTo(87);
    }

    @Test
    void latentCountsInOneRelationTurnItIntoAnInequality() {
        // total = g1 + g2 + lost, lost latent and unbounded: g1 <= total - g2.
        LinearSystem.Builder b = LinearSystem.builder();
        int total = b.variable("total", 0, 100L);
        int g1 = b.variable("g1", 1, null);
        int g2 = b.variable("g2", 1, 60L);
        int lost = b.latent("lost");
        b.equal(x(total), x(g1).plus(x(g2)).plus(x(lost)), false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(g1));
        assertThat(s.range(g1)).isEqualTo(new Range(1, 40));
    }

    @Test
    void aSumOfCountsEqualToZeroFixesEachAtZero() {
        LinearSystem.Builder b = LinearSystem.builder();
        int l1 = b.latent("l1");
        int l2 = b.latent("l2");
        int g = b.variable("g", 1, null);
        b.add(x(l1).plus(x(l2)), Relation.EQ, 0, false);
        b.add(x(g).plus(x(l1)), Relation.EQ, 7, false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(g));
        assertThat(s.range(g)).isEqualTo(new Range(7, 7));
    }

    @Test
    void analysesThatDisagreeAreReadWithTheLeastDisagreement() {
        // Two analyses state one population as 421 and 423 (published a moment apart); a third withholds its
        // total and one group, and shows its other group of 400. Any population from 421 to 423 costs the same
        // disagreement, 2 patients, so the withheld group is 21 to 23.
        LinearSystem.Builder b = LinearSystem.builder();
        int population = b.latent("population");
        int first = b.variable("first total", 0, 421L);
        int second = b.variable("second total", 0, 423L);
        int third = b.variable("third total", 0, null);
        int g = b.variable("g", 1, null);
        int shown = b.variable("shown", 1, 400L);
        b.equal(x(population), x(first), true);
        b.equal(x(population), x(second), true);
        b.equal(x(population), x(third), true);
        b.equal(x(third), x(g).plus(x(shown)), false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(g));
        assertThat(s.range(g)).isEqualTo(new Range(21, 23));
        assertThat(s.drift()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.consistent()).isFalse();
    }

    @Test
    void aViolatedInequalityCountsAsDisagreementToo() {
        // Growth assumed between releases (soft): 60 patients before, 58 after. At least 2 patients of
        // disagreement, and the after-release group is what its total and shown group say.
        LinearSystem.Builder b = LinearSystem.builder();
        int before = b.variable("before", 0, 60L);
        int after = b.variable("after", 0, 58L);
        int g = b.variable("g", 1, null);
        int shown = b.variable("shown", 1, 50L);
        b.atMost(x(before), x(after), true);
        b.equal(x(after), x(g).plus(x(shown)), false);
        RangeSolver s = new RangeSolver(b.build(), Set.of(g));
        assertThat(s.drift()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.range(g)).isEqualTo(new Range(8, 8));
    }
}

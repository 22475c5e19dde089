package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Monitoring;
import org.followupmonitor.analysis.Privacy;

/**
 * Properties of the alert logic on random inputs (built from a jqwik-chosen seed; jqwik prints the seed of a
 * failing try): evaluation is idempotent, changes are exactly the difference of the states, small counts never
 * appear; Clark's C equals a day-by-day oracle; monitoring does not depend on the order of calls.
 */
class AlertPropertiesTest {
    private static final AnalysisDefinition DEFINITION = Results.definition("""
            analyses:
              - name: prop
                endpoint: overall-survival
                origin: diagnosis
                groupBy: subtype
                monitoring: {plannedEvents: 80, spending: pocock, lookStep: 0.1}
                alerts:
                  - {rule: milestone-below, milestoneDays: 730, threshold: 0.6}
                  - {rule: milestone-below, milestoneDays: 1826, threshold: 0.4}
                  - {rule: boundary-crossed}
                  - {rule: follow-up-overdue, days: 455, completenessBelow: 0.9}
                  - {rule: follow-up-overdue, days: 200}
                  - {rule: data-quality, excludedAbove: 0.05, completenessBelow: 0.9}
            """);
    private static final Set<String> COUNT_KEYS = Set.of("overdue", "alive", "excluded", "population",
            "observedEvents");
    private static final LocalDate CLOCK = LocalDate.parse("2014-03-31");
    private static final SequentialMonitor MONITOR = new SequentialMonitor();

    /** Random inputs of one evaluation. */
    private record Inputs(AnalysisResult result, List<FollowUpRecord> followUp, ExclusionCounts exclusions) {}

    private static Inputs inputs(SplittableRandom r) {
        List<GroupResult> groups = new ArrayList<>();
        for (String g : List.of("luminal-a", "luminal-b", "triple-negative")) {
            if (r.nextInt(4) == 0) {
                groups.add(GroupResult.suppressed(g));
                continue;
            }
            double s730 = r.nextDouble();
            double s1826 = s730 * r.nextDouble();
            groups.add(new GroupResult(g, false, 11 + r.nextInt(200), null, List.of(), List.of(
                    new AnalysisResult.Milestone(730, 20, s730, 0.05, Math.max(0, s730 - 0.1),
                            r.nextInt(5) == 0 ? null : Math.min(1, s730 + r.nextDouble() * 0.2)),
                    new AnalysisResult.Milestone(1826, 20, r.nextInt(6) == 0 ? null : s1826, 0.05,
                            Math.max(0, s1826 - 0.1), Math.min(1, s1826 + r.nextDouble() * 0.2))), null, null));
        }
        int events = r.nextInt(100);
        double z = r.nextInt(8) == 0 ? Double.NaN : r.nextGaussian() * 3;
        MonitoringStatus status = MONITOR.status(DEFINITION.monitoring().orElseThrow(), events, z);
        AnalysisResult result = Results.result("prop", CLOCK.toString(), 200, events, groups,
                r.nextInt(10) == 0 ? null : status);
        List<FollowUpRecord> followUp = new ArrayList<>();
        int n = r.nextInt(60);
        for (int i = 0; i < n; i++) {
            LocalDate start = CLOCK.minusDays(r.nextInt(3000));
            LocalDate last = start.plusDays(r.nextLong(CLOCK.toEpochDay() - start.toEpochDay() + 1));
            followUp.add(new FollowUpRecord(start, last, r.nextInt(4) == 0));
        }
        Map<DataQualityFlag, Integer> excluded = new EnumMap<>(DataQualityFlag.class);
        for (DataQualityFlag f : DataQualityFlag.values()) {
            if (r.nextInt(3) == 0) {
                excluded.put(f, r.nextInt(30));
            }
        }
        return new Inputs(result, followUp, new ExclusionCounts(r.nextInt(300), excluded));
    }

    @Property(tries = 300)
    void evaluationIsIdempotentAndReportsExactlyTheChanges(@ForAll long seed, @ForAll @IntRange(min = 1,
            max = 20) int minCellSize) {
        SplittableRandom r = new SplittableRandom(seed);
        AlertEvaluator evaluator = new AlertEvaluator(new Privacy(minCellSize));
        // A plausible earlier state: what other data raised, plus a condition of a rule no longer configured.
        Inputs earlier = inputs(r);
        TreeSet<String> previousKeys = new TreeSet<>(evaluator.evaluate(DEFINITION, earlier.result(),
                earlier.followUp(), earlier.exclusions(), AlertState.EMPTY).state().raised());
        if (r.nextBoolean()) {
            previousKeys.add("milestone-below|basal|milestoneDays=365,threshold=0.9");
        }
        AlertState previous = new AlertState(previousKeys);

        Inputs now = inputs(r);
        AlertEvaluator.Evaluation first = evaluator.evaluate(DEFINITION, now.result(), now.followUp(),
                now.exclusions(), previous);
        AlertEvaluator.Evaluation second = evaluator.evaluate(DEFINITION, now.result(), now.followUp(),
                now.exclusions(), first.state());
        assertThat(second.alerts()).isEmpty();
        assertThat(second.state()).isEqualTo(first.state());

        TreeSet<String> raised = new TreeSet<>(first.state().raised());
        raised.removeAll(previous.raised());
        TreeSet<String> resolved = new TreeSet<>(previous.raised());
        resolved.removeAll(first.state().raised());
        assertThat(first.alerts()).hasSize(raised.size() + resolved.size());
        assertThat(first.alerts().stream().filter(a -> a.state().equals("raised")).count()).isEqualTo(raised.size());
        for (Alert a : first.alerts()) {
            assertThat(a.at()).isEqualTo(CLOCK.toString());
            a.values().forEach((k, v) -> {
                if (COUNT_KEYS.contains(k)) {
                    assertThat(v).as(k).satisfiesAnyOf(x -> assertThat(x).isZero(),
                            x -> assertThat(x).isGreaterThanOrEqualTo(minCellSize));
                }
            });
            // A ratio that would give a hidden count away goes with it.
            if (a.values().containsKey("excludedShare")) {
                assertThat(a.values()).containsKey("excluded");
            }
            if (a.values().containsKey("informationFraction")) {
                assertThat(a.values()).containsKey("observedEvents");
            }
            // Suppressed groups never raise.
            if (a.state().equals("raised") && a.group() != null) {
                assertThat(now.result().groups()).filteredOn(g -> g.group().equals(a.group()))
                        .allMatch(g -> !g.suppressed());
            }
        }
    }

    @Property(tries = 300)
    void clarksCompletenessEqualsADayByDayOracle(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LocalDate clock = LocalDate.parse("2013-01-01").plusDays(r.nextInt(1000));
        List<FollowUpRecord> records = new ArrayList<>();
        for (int i = r.nextInt(25); i > 0; i--) {
            LocalDate start = clock.minusDays(r.nextInt(2000));
            LocalDate last = start.plusDays(r.nextLong(clock.toEpochDay() - start.toEpochDay() + 1));
            records.add(new FollowUpRecord(start, last, r.nextInt(3) == 0));
        }
        OptionalInt horizon = r.nextBoolean() ? OptionalInt.empty() : OptionalInt.of(1 + r.nextInt(1500));
        int overdueDays = 1 + r.nextInt(800);

        // Oracle: walk every day of every patient's potential follow-up and ask whether it was observed.
        long observed = 0;
        long potential = 0;
        int overdue = 0;
        int alive = 0;
        for (FollowUpRecord rec : records) {
            LocalDate potentialEnd = rec.dead() ? rec.lastContact() : clock;
            LocalDate horizonEnd = horizon.isPresent() ? rec.start().plusDays(horizon.getAsInt()) : LocalDate.MAX;
            for (LocalDate d = rec.start(); d.isBefore(potentialEnd) && d.isBefore(horizonEnd); d = d.plusDays(1)) {
                potential++;
                if (d.isBefore(rec.lastContact())) {
                    observed++;
                }
            }
            if (!rec.dead()) {
                alive++;
                if (rec.lastContact().plusDays(overdueDays).isBefore(clock)) {
                    overdue++;
                }
            }
        }
        FollowUpSummary s = FollowUpSummary.of(records, clock, overdueDays, horizon);
        assertThat(s.observedDays()).isEqualTo(observed);
        assertThat(s.potentialDays()).isEqualTo(potential);
        assertThat(s.alive()).isEqualTo(alive);
        assertThat(s.overdue()).isEqualTo(overdue);
        if (potential == 0) {
            assertThat(s.completeness()).isNaN();
        } else {
            assertThat(s.completeness()).isEqualTo((double) observed / potential).isBetween(0.0, 1.0);
        }
    }

    @Property(tries = 15)
    void monitoringDoesNotDependOnTheOrderOfCalls(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Monitoring spec = new Monitoring(1 + r.nextInt(300), r.nextBoolean() ? Monitoring.Spending.POCOCK
                : Monitoring.Spending.OBRIEN_FLEMING, 0.05, 0.2 + 0.3 * r.nextDouble());
        SequentialMonitor shared = new SequentialMonitor();
        for (int i = 0; i < 5; i++) {
            int events = r.nextInt(2 * spec.plannedEvents());
            double z = r.nextGaussian() * 3;
            assertThat(shared.status(spec, events, z)).isEqualTo(new SequentialMonitor().status(spec, events, z));
        }
    }
}

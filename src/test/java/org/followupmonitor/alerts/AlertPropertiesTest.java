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
import org.followupmonitor.analysis.CohortCounts;
import org.followupmonitor.analysis.CutCohort;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.FollowUpSummary;
import org.followupmonitor.analysis.Privacy;

/**
 * Properties of the alert logic on random inputs (built from a jqwik-chosen seed; jqwik prints the seed of a
 * failing try): evaluation is idempotent, changes are exactly the difference of the states, small counts never
 * appear, every number an alert carries is in the result or the rule; Clark's C equals a day-by-day oracle; the look
 * history does not depend on the order of calls.
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
                  - {rule: milestone-below, milestoneDays: 1826, threshold: 0.4, completenessAtLeast: 0.6}
                  - {rule: boundary-crossed}
                  - {rule: follow-up-overdue, days: 455, completenessBelow: 0.9}
                  - {rule: follow-up-overdue, days: 200}
                  - {rule: data-quality, excludedAbove: 0.05, completenessBelow: 0.9}
            """);
    private static final Set<String> COUNT_KEYS = Set.of("overdue", "alive", "excluded", "population", "events",
            "atRisk");
    private static final LocalDate CLOCK = LocalDate.parse("2014-03-31");
    private static final List<String> GROUPS = List.of("luminal-a", "luminal-b", "triple-negative");

    private static AnalysisResult input(SplittableRandom r) {
        List<GroupResult> groups = new ArrayList<>();
        List<AnalysisResult.GroupCompleteness> c730 = new ArrayList<>();
        List<AnalysisResult.GroupCompleteness> c1826 = new ArrayList<>();
        for (String g : GROUPS) {
            if (r.nextInt(4) == 0) {
                groups.add(GroupResult.suppressed(g));
                c730.add(new AnalysisResult.GroupCompleteness(g, null));
                c1826.add(new AnalysisResult.GroupCompleteness(g, null));
                continue;
            }
            double s730 = r.nextDouble();
            double s1826 = s730 * r.nextDouble();
            groups.add(new GroupResult(g, false, 11 + r.nextInt(200), null, List.of(), List.of(
                    new AnalysisResult.Milestone(730, r.nextInt(40), s730, 0.05, Math.max(0, s730 - 0.1),
                            r.nextInt(5) == 0 ? null : Math.min(1, s730 + r.nextDouble() * 0.2)),
                    new AnalysisResult.Milestone(1826, r.nextInt(40), r.nextInt(6) == 0 ? null : s1826, 0.05,
                            Math.max(0, s1826 - 0.1), Math.min(1, s1826 + r.nextDouble() * 0.2))), null, null));
            c730.add(new AnalysisResult.GroupCompleteness(g, r.nextInt(6) == 0 ? null : r.nextDouble()));
            c1826.add(new AnalysisResult.GroupCompleteness(g, r.nextDouble()));
        }
        int events = r.nextInt(100);
        List<AnalysisResult.Look> looks = new ArrayList<>();
        int lookEvents = 0;
        for (int k = 1; k <= r.nextInt(6); k++) {
            lookEvents += 1 + r.nextInt(15);
            double boundary = 2 + 2 * r.nextDouble();
            Double z = r.nextInt(8) == 0 ? null : r.nextGaussian() * 2.5;
            looks.add(new AnalysisResult.Look(k, CLOCK.minusDays(400 - 50 * k).toString(), lookEvents,
                    Math.min(1, lookEvents / 80.0), z, r.nextInt(10) == 0 ? null : boundary, 0.01 * k,
                    z != null && Math.abs(z) >= boundary, lookEvents >= 80));
        }
        double current = r.nextGaussian() * 3;
        MonitoringStatus status = new MonitoringStatus(80, events, Math.min(1, events / 80.0), "pocock", 0.05, 0.1,
                current, looks.isEmpty() ? null : looks.get(looks.size() - 1).boundary(),
                looks.stream().anyMatch(AnalysisResult.Look::crossed), looks, null);
        AnalysisResult.FollowUp followUp = r.nextInt(8) == 0 ? null : new AnalysisResult.FollowUp(r.nextInt(150),
                r.nextInt(10) == 0 ? null : r.nextDouble(),
                List.of(new AnalysisResult.Overdue(200, r.nextInt(30)), new AnalysisResult.Overdue(455, r.nextInt(20))),
                List.of(new AnalysisResult.MilestoneCompleteness(730, c730),
                        new AnalysisResult.MilestoneCompleteness(1826, c1826)),
                new AnalysisResult.Basis(CLOCK.toString(), 200, events, r.nextBoolean()));
        Map<String, Integer> excluded = new java.util.TreeMap<>();
        for (DataQualityFlag f : DataQualityFlag.values()) {
            if (f != DataQualityFlag.OUTSIDE_FILTER && f != DataQualityFlag.EMPTY_TIMELINE
                    && f != DataQualityFlag.AWAITING_ORIGIN && r.nextInt(3) == 0) {
                excluded.put(f.name(), r.nextInt(30));
            }
        }
        return Results.result("prop", CLOCK.toString(), r.nextInt(300), events, groups,
                r.nextInt(10) == 0 ? null : status, followUp, excluded);
    }

    @Property(tries = 300)
    void evaluationIsIdempotentAndReportsExactlyTheChanges(@ForAll long seed, @ForAll @IntRange(min = 1,
            max = 20) int minCellSize) {
        SplittableRandom r = new SplittableRandom(seed);
        AlertEvaluator evaluator = new AlertEvaluator(new Privacy(minCellSize));
        // A plausible earlier state: what other data raised or held, plus a condition of a rule no longer configured.
        AlertState earlier = evaluator.evaluate(DEFINITION, input(r), AlertState.EMPTY).state();
        TreeSet<String> previousKeys = new TreeSet<>(earlier.raised());
        if (r.nextBoolean()) {
            previousKeys.add("milestone-below|basal|milestoneDays=365,threshold=0.9");
        }
        AlertState previous = new AlertState(previousKeys, new TreeSet<>(earlier.pending()));

        AnalysisResult now = input(r);
        AlertEvaluator.Evaluation first = evaluator.evaluate(DEFINITION, now, previous);
        AlertEvaluator.Evaluation second = evaluator.evaluate(DEFINITION, now, first.state());
        assertThat(second.alerts()).isEmpty();
        assertThat(second.state()).isEqualTo(first.state());

        TreeSet<String> raised = new TreeSet<>(first.state().raised());
        raised.removeAll(previous.raised());
        TreeSet<String> pending = new TreeSet<>(first.state().pending());
        pending.removeAll(previous.pending());
        TreeSet<String> resolved = new TreeSet<>(previous.raised());
        resolved.addAll(previous.pending());
        resolved.removeAll(first.state().raised());
        resolved.removeAll(first.state().pending());
        assertThat(first.alerts()).hasSize(raised.size() + pending.size() + resolved.size());
        assertThat(first.alerts().stream().filter(a -> a.state().equals("raised")).count()).isEqualTo(raised.size());
        assertThat(first.alerts().stream().filter(a -> a.state().equals("pending-follow-up")).count())
                .isEqualTo(pending.size());
        Set<Double> published = numbers(now);
        for (Alert a : first.alerts()) {
            assertThat(a.at()).isEqualTo(CLOCK.toString());
            a.values().forEach((k, v) -> {
                if (COUNT_KEYS.contains(k)) {
                    assertThat(v).as(k).satisfiesAnyOf(x -> assertThat(x).isZero(),
                            x -> assertThat(x).isGreaterThanOrEqualTo(minCellSize));
                }
                // Every number is the result's or a rule parameter; the data-quality rule's are sums and a ratio of
                // the result's exclusion counts and subjects.
                if (!Set.of("excluded", "excludedShare", "population").contains(k)) {
                    assertThat(published).as(a.rule() + " " + k + " = " + v).contains(v);
                }
            });
            // A ratio that would give a hidden count away goes with it.
            if (a.values().containsKey("excludedShare")) {
                assertThat(a.values()).containsKey("excluded");
            }
            if (a.values().containsKey("informationFraction")) {
                assertThat(a.values()).containsKey("events");
            }
            // Suppressed groups never raise.
            if (!a.state().equals("resolved") && a.group() != null) {
                assertThat(now.groups()).filteredOn(g -> g.group().equals(a.group()))
                        .allMatch(g -> !g.suppressed());
            }
        }
    }

    /** Every number in the result's JSON and in the definition's rules. */
    private static Set<Double> numbers(AnalysisResult result) {
        Set<Double> out = new java.util.HashSet<>();
        collect(org.followupmonitor.analysis.ResultJson.mapper().valueToTree(result), out);
        for (org.followupmonitor.analysis.AlertRule rule : DEFINITION.alerts()) {
            rule.milestoneDays().ifPresent(v -> out.add((double) v));
            rule.days().ifPresent(v -> out.add((double) v));
            rule.threshold().ifPresent(out::add);
            rule.completenessBelow().ifPresent(out::add);
            rule.excludedAbove().ifPresent(out::add);
            out.add(rule.completenessAtLeastOrDefault());
        }
        return out;
    }

    private static void collect(com.fasterxml.jackson.databind.JsonNode node, Set<Double> out) {
        if (node.isNumber()) {
            out.add(node.asDouble());
        }
        node.forEach(child -> collect(child, out));
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
    void theLookHistoryDoesNotDependOnTheOrderOfCalls(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Monitoring spec = new Monitoring(20 + r.nextInt(300), r.nextBoolean() ? Monitoring.Spending.POCOCK
                : Monitoring.Spending.OBRIEN_FLEMING, 0.05, 0.2 + 0.3 * r.nextDouble());
        SequentialMonitor shared = new SequentialMonitor();
        for (int i = 0; i < 4; i++) {
            List<CutCohort.Cut> cuts = new ArrayList<>();
            int events = 0;
            for (int k = 0; k < 1 + r.nextInt(5) && events < spec.plannedEvents(); k++) {
                events += 1 + r.nextInt(spec.plannedEvents() / 2);
                CohortCounts.Builder counts = CohortCounts.builder(java.util.Optional.empty());
                counts.add("a", "", 10, events / 2, 50).add("b", "", 20, events - events / 2, 40);
                cuts.add(new CutCohort.Cut(CLOCK.plusDays(k), events, 100, counts.build()));
            }
            assertThat(shared.looks(spec, cuts)).isEqualTo(new SequentialMonitor().looks(spec, cuts));
        }
    }
}

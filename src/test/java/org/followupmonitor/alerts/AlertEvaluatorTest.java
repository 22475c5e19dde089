package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.AnalysisResult.CurvePoint;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.MonitoringStatus;
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Privacy;
import org.junit.jupiter.api.Test;

/** Each rule of issue 7 raising and resolving exactly once over a sequence of evaluations. */
class AlertEvaluatorTest {
    /** The block of issue 7, verbatim apart from the analysis around it. */
    private static final String ISSUE_YAML = """
            analyses:
              - name: os-by-arm
                endpoint: overall-survival
                origin: index
                groupBy: arm
                milestonesDays: [365, 730, 1826]
                monitoring:
                  plannedEvents: 1272            # information fraction = observed events / planned events
                  spending: obrien-fleming       # obrien-fleming | pocock (Lan-DeMets)
                  alpha: 0.05                    # two-sided
                alerts:
                  - {rule: milestone-below, milestoneDays: 1826, threshold: 0.70}
                  - {rule: boundary-crossed}
                  - {rule: follow-up-overdue, days: 455, completenessBelow: 0.80}
                  - {rule: data-quality, excludedAbove: 0.05}
            """;
    private static final AnalysisDefinition DEFINITION = Results.definition(ISSUE_YAML);
    private static final LocalDate CLOCK = LocalDate.parse("2015-06-30");

    private final AlertEvaluator evaluator = new AlertEvaluator(new Privacy(11));

    /** One evaluation's inputs. */
    private record Step(double survival, double upper, boolean crossed, List<FollowUpRecord> followUp,
            int dataQualityExcluded) {}

    private static MonitoringStatus monitoring(boolean crossed) {
        return new MonitoringStatus(1272, 636, 0.5, 10, crossed ? 3.5 : 1.2, 2.96, crossed, "obrien-fleming");
    }

    /** n alive patients followed from 2010, last seen at the clock minus the given days; plus 40 deaths. */
    private static List<FollowUpRecord> followUp(int lostCount, int lostSinceDays) {
        List<FollowUpRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean lost = i < lostCount;
            records.add(new FollowUpRecord(LocalDate.parse("2010-01-01"),
                    lost ? CLOCK.minusDays(lostSinceDays) : CLOCK.minusDays(30), false));
        }
        for (int i = 0; i < 40; i++) {
            records.add(new FollowUpRecord(LocalDate.parse("2011-01-01"), LocalDate.parse("2013-01-01"), true));
        }
        return records;
    }

    private AlertEvaluator.Evaluation run(Step s, AlertState previous) {
        List<GroupResult> groups = List.of(
                // A suppressed group never alerts, whatever its (unpublished) survival.
                GroupResult.suppressed("no-surgery"),
                Results.group("surgery", 120, 1826, s.survival(), s.survival() - 0.1, s.upper()));
        AnalysisResult result = Results.result("os-by-arm", CLOCK.toString(), 130, 636, groups,
                monitoring(s.crossed()));
        ExclusionCounts exclusions = new ExclusionCounts(200,
                Map.of(DataQualityFlag.MISSING_GROUP, s.dataQualityExcluded(), DataQualityFlag.OUTSIDE_FILTER, 500));
        return evaluator.evaluate(DEFINITION, result, s.followUp(), exclusions, previous);
    }

    @Test
    void eachRuleRaisesAndResolvesExactlyOnce() {
        List<FollowUpRecord> fine = followUp(0, 0);
        // 60 of 100 alive lost for 1000 days: overdue and C well below 0.80.
        List<FollowUpRecord> lost = followUp(60, 1000);
        List<FollowUpRecord> lostLonger = followUp(61, 1100);
        List<Step> steps = List.of(
                new Step(0.75, 0.85, false, fine, 3),     // 0: nothing holds
                new Step(0.65, 0.72, false, fine, 3),     // 1: below, but the upper limit is not
                new Step(0.62, 0.68, false, fine, 3),     // 2: milestone raised
                new Step(0.62, 0.68, true, fine, 3),      // 3: boundary raised
                new Step(0.60, 0.69, true, lost, 3),      // 4: follow-up raised; milestone numbers moved, no re-raise
                new Step(0.60, 0.69, true, lostLonger, 20), // 5: data quality raised (20 of 220 = 9%)
                new Step(0.60, 0.69, true, lostLonger, 20), // 6: unchanged: nothing
                new Step(0.66, 0.71, true, lostLonger, 20), // 7: milestone resolved
                new Step(0.66, 0.71, false, lostLonger, 20), // 8: boundary resolved
                new Step(0.66, 0.71, false, fine, 20),    // 9: follow-up resolved
                new Step(0.66, 0.71, false, fine, 2),     // 10: data quality resolved
                new Step(0.66, 0.71, false, fine, 2));    // 11: nothing
        AlertState state = AlertState.EMPTY;
        List<String> log = new ArrayList<>();
        List<Alert> all = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            AlertEvaluator.Evaluation ev = run(steps.get(i), state);
            for (Alert a : ev.alerts()) {
                log.add(i + " " + a.rule() + (a.group() == null ? "" : "/" + a.group()) + " " + a.state());
                assertThat(a.analysis()).isEqualTo("os-by-arm");
                assertThat(a.at()).isEqualTo(CLOCK.toString());
                all.add(a);
            }
            // The state round-trips through its serialised form, as through a state store.
            state = AlertState.decode(ev.state().encode());
            assertThat(state).isEqualTo(ev.state());
        }
        assertThat(log).containsExactly(
                "2 milestone-below/surgery raised",
                "3 boundary-crossed raised",
                "4 follow-up-overdue raised",
                "5 data-quality raised",
                "7 milestone-below/surgery resolved",
                "8 boundary-crossed resolved",
                "9 follow-up-overdue resolved",
                "10 data-quality resolved");
        assertThat(state.raised()).isEmpty();

        Alert milestone = all.get(0);
        assertThat(milestone.values()).containsEntry("survival", 0.62).containsEntry("upper", 0.68)
                .containsEntry("threshold", 0.7).containsEntry("milestoneDays", 1826.0);
        assertThat(milestone.message()).contains("1826").contains("surgery").contains("0.620").contains("0.680");
        Alert boundary = all.get(1);
        assertThat(boundary.values()).containsEntry("z", 3.5).containsEntry("boundary", 2.96)
                .containsEntry("looks", 10.0).containsEntry("informationFraction", 0.5);
        assertThat(boundary.message()).contains("crosses").contains("look 10");
        Alert followUp = all.get(2);
        FollowUpSummary expected = FollowUpSummary.of(lost, CLOCK, 455, java.util.OptionalInt.empty());
        assertThat(followUp.values()).containsEntry("overdue", 60.0).containsEntry("alive", 100.0)
                .containsEntry("completeness", expected.completeness()).containsEntry("completenessBelow", 0.8);
        assertThat(expected.completeness()).isLessThan(0.8);
        assertThat(followUp.message()).contains("60 of 100 patients alive").contains("Clark's C");
        Alert quality = all.get(3);
        assertThat(quality.values()).containsEntry("excluded", 20.0).containsEntry("population", 220.0)
                .containsEntry("excludedShare", 20.0 / 220).containsEntry("excludedAbove", 0.05);
        assertThat(quality.message()).contains("20 of 220").contains("9.1%");
        // Resolved alerts carry the numbers at resolution; small counts stay hidden there too.
        Alert qualityResolved = all.get(7);
        assertThat(qualityResolved.values()).doesNotContainKeys("excluded", "excludedShare")
                .containsEntry("population", 202.0);
        assertThat(qualityResolved.message()).contains("fewer than 11 of 202");
    }

    @Test
    void smallCountsAreNeverRevealed() {
        // 3 of 100 alive patients overdue, C below 0.999: raised, but the count 3 is not published.
        AlertEvaluator strict = new AlertEvaluator(new Privacy(11));
        AnalysisDefinition def = Results.definition("""
                analyses:
                  - name: small
                    endpoint: overall-survival
                    origin: diagnosis
                    alerts:
                      - {rule: follow-up-overdue, days: 455, completenessBelow: 0.999}
                      - {rule: data-quality, excludedAbove: 0.01}
                """);
        AnalysisResult result = Results.result("small", CLOCK.toString(), 140, 5, List.of(), null);
        AlertEvaluator.Evaluation ev = strict.evaluate(def, result, followUp(3, 600),
                new ExclusionCounts(140, Map.of(DataQualityFlag.NO_DIAGNOSIS, 4)), AlertState.EMPTY);
        assertThat(ev.alerts()).extracting(Alert::rule).containsExactly("data-quality", "follow-up-overdue");
        for (Alert a : ev.alerts()) {
            assertThat(a.state()).isEqualTo("raised");
            assertThat(a.message()).contains("fewer than 11").doesNotContain(" 3 ").doesNotContain(" 4 ");
            assertThat(a.values()).doesNotContainKeys("overdue", "excluded", "excludedShare");
            assertThat(a.values().values()).doesNotContain(3.0, 4.0);
        }
        // With the privacy minimum at 1 the same counts are published.
        AlertEvaluator.Evaluation open = new AlertEvaluator(new Privacy(1)).evaluate(def, result, followUp(3, 600),
                new ExclusionCounts(140, Map.of(DataQualityFlag.NO_DIAGNOSIS, 4)), AlertState.EMPTY);
        assertThat(open.alerts().get(1).values()).containsEntry("overdue", 3.0);
        assertThat(open.alerts().get(0).values()).containsEntry("excluded", 4.0);
    }

    @Test
    void milestoneFromTheCurveWhenNotAmongTheResultMilestonesAndUndefinedPastFollowUp() {
        AnalysisDefinition def = Results.definition("""
                analyses:
                  - name: curve
                    endpoint: overall-survival
                    origin: diagnosis
                    groupBy: arm
                    alerts:
                      - {rule: milestone-below, milestoneDays: 500, threshold: 0.5}
                """);
        List<CurvePoint> curve = List.of(
                new CurvePoint(100, 50, 10, 0, 0.8, 0.05, 0.7, 0.9),
                new CurvePoint(400, 40, 20, 0, 0.4, 0.05, 0.3, 0.45),
                new CurvePoint(450, 20, 0, 5, 0.4, 0.05, 0.3, 0.45),
                new CurvePoint(600, 15, 1, 0, 0.38, 0.05, 0.28, 0.44));
        GroupResult longFollowUp = new GroupResult("surgery", false, 50, 31, curve, List.of(), null, null);
        GroupResult shortFollowUp = new GroupResult("no-surgery", false, 50, 30, curve.subList(0, 3), List.of(),
                null, null);
        AnalysisResult result = Results.result("curve", CLOCK.toString(), 100, 61,
                List.of(shortFollowUp, longFollowUp), null);
        AlertEvaluator.Evaluation ev = evaluator.evaluate(def, result, List.of(), new ExclusionCounts(100, Map.of()),
                AlertState.EMPTY);
        // At day 500 surgery's curve is 0.4 (last event time 400), upper 0.45 < 0.5; no-surgery's follow-up
        // ends at 450 < 500: not estimable, no alert.
        assertThat(ev.alerts()).hasSize(1);
        assertThat(ev.alerts().get(0).group()).isEqualTo("surgery");
        assertThat(ev.alerts().get(0).values()).containsEntry("survival", 0.4).containsEntry("upper", 0.45);
        assertThat(ev.state().raised()).containsExactly("milestone-below|surgery|milestoneDays=500,threshold=0.5");
    }

    @Test
    void aConditionWhoseRuleOrGroupIsGoneIsResolvedOnce() {
        AlertState previous = AlertState.of(List.of("milestone-below|old-group|milestoneDays=1826,threshold=0.7",
                "data-quality||excludedAbove=0.5"));
        Step quiet = new Step(0.9, 0.95, false, followUp(0, 0), 0);
        AlertEvaluator.Evaluation ev = run(quiet, previous);
        assertThat(ev.alerts()).extracting(a -> a.rule() + "/" + a.group() + " " + a.state()).containsExactly(
                "data-quality/null resolved", "milestone-below/old-group resolved");
        assertThat(ev.alerts().get(0).message()).contains("rule was removed");
        assertThat(ev.state().raised()).isEmpty();
        assertThat(run(quiet, ev.state()).alerts()).isEmpty();
    }

    /** The summary is reused for the same collection and clock only: another collection is summarised anew. */
    @Test
    void aNewFollowUpCollectionAtTheSameClockIsSummarisedAgain() {
        List<FollowUpRecord> lost = followUp(60, 1000);
        Step overdue = new Step(0.9, 0.95, false, lost, 0);
        AlertEvaluator.Evaluation raised = run(overdue, AlertState.EMPTY);
        assertThat(raised.alerts()).extracting(Alert::rule).containsExactly("follow-up-overdue");
        assertThat(run(overdue, raised.state()).alerts()).isEmpty(); // same collection: the same summary
        AlertEvaluator.Evaluation resolved = run(new Step(0.9, 0.95, false, followUp(0, 0), 0), raised.state());
        assertThat(resolved.alerts()).extracting(a -> a.rule() + " " + a.state())
                .containsExactly("follow-up-overdue resolved");
        // Back to the first collection: its summary again, so raised again.
        assertThat(run(overdue, resolved.state()).alerts()).extracting(a -> a.rule() + " " + a.state())
                .containsExactly("follow-up-overdue raised");
    }

    @Test
    void restartWithTheStoredStateRaisesNothingAgain() {
        Step alarming = new Step(0.5, 0.6, true, followUp(60, 1000), 30);
        AlertEvaluator.Evaluation first = run(alarming, AlertState.EMPTY);
        assertThat(first.alerts()).hasSize(4).allMatch(a -> a.state().equals("raised"));
        AlertState restored = AlertState.decode(first.state().encode());
        assertThat(run(alarming, restored).alerts()).isEmpty();
    }

    @Test
    void stateKeysAndEncodingAreChecked() {
        assertThat(AlertState.key("boundary-crossed", null, "")).isEqualTo("boundary-crossed||");
        assertThat(AlertState.groupOf("boundary-crossed||")).isNull();
        assertThat(AlertState.ruleOf("milestone-below|a|x=1")).isEqualTo("milestone-below");
        assertThat(AlertState.decode("")).isEqualTo(AlertState.EMPTY);
        assertThatThrownBy(() -> AlertState.key("milestone-below", "a|b", "")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("rule|group|parameters");
        assertThatThrownBy(() -> AlertState.decode("x|y|z\n\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertEvaluator(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Privacy.DEFAULT");
    }
}

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
import org.followupmonitor.analysis.AnalysisResult.FollowUp;
import org.followupmonitor.analysis.AnalysisResult.GroupResult;
import org.followupmonitor.analysis.AnalysisResult.Look;
import org.followupmonitor.analysis.Privacy;
import org.junit.jupiter.api.Test;

/**
 * Each rule raising and resolving exactly once over a sequence of published results; the milestone rule held
 * pending follow-up; the boundary rule latched to the first crossing look; nothing outside the result published.
 */
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
                  plannedEvents: 120             # information fraction = observed events / planned events
                  spending: obrien-fleming       # obrien-fleming | pocock (Lan-DeMets)
                  alpha: 0.05                    # two-sided
                alerts:
                  - {rule: milestone-below, milestoneDays: 1826, threshold: 0.70}
                  - {rule: boundary-crossed}
                  - {rule: follow-up-overdue, days: 455, completenessBelow: 0.80}
                  - {rule: data-quality, excludedAbove: 0.05}
            """;
    private static final AnalysisDefinition DEFINITION = Results.definition(ISSUE_YAML);
    private static final String CLOCK = "2015-06-30";

    private static final List<Look> NO_LOOKS = List.of();
    private static final List<Look> TWO_LOOKS_CROSSED = List.of(
            Results.look(1, "2013-01-10", 6, 0.05, 0.4, 9.9),
            Results.look(2, "2013-06-02", 12, 0.10, -7.2, 6.99));
    private static final List<Look> THREE_LOOKS = List.of(TWO_LOOKS_CROSSED.get(0), TWO_LOOKS_CROSSED.get(1),
            Results.look(3, "2014-02-20", 18, 0.15, -2.1, 5.67));
    /** Late events dated before look 2's cut arrived: look 2 no longer crosses. */
    private static final List<Look> REVISED = List.of(TWO_LOOKS_CROSSED.get(0),
            Results.look(2, "2013-06-02", 13, 0.108, -3.0, 6.82), Results.look(3, "2014-02-20", 18, 0.15, -2.1, 5.67));

    private final AlertEvaluator evaluator = new AlertEvaluator(new Privacy(11));

    /** One published result's figures. */
    private record Step(double survival, double upper, double completenessTo1826, List<Look> looks, int overdue,
            double clarksC, int dataQualityExcluded) {}

    private AlertEvaluator.Evaluation run(Step s, AlertState previous) {
        List<GroupResult> groups = List.of(
                // A suppressed group never alerts, whatever its (unpublished) survival.
                GroupResult.suppressed("no-surgery"),
                Results.group("surgery", 120, 1826, s.survival(), s.survival() - 0.1, s.upper(), 40));
        FollowUp followUp = Results.followUp(CLOCK, 100, s.clarksC(), 455, s.overdue(), 1826,
                "no-surgery", null, "surgery", s.completenessTo1826());
        AnalysisResult result = Results.result("os-by-arm", CLOCK, 130, 60, groups,
                Results.monitoring(120, 60, -1.0, s.looks()), followUp,
                Map.of("MISSING_GROUP", s.dataQualityExcluded(), "CENSORED_BEFORE_LANDMARK", 70));
        return evaluator.evaluate(DEFINITION, result, previous);
    }

    @Test
    void eachRuleChangesStateOnlyWhenItsConditionDoes() {
        List<Step> steps = List.of(
                new Step(0.75, 0.85, 0.9, NO_LOOKS, 0, 0.95, 3),          // 0: nothing holds
                new Step(0.65, 0.72, 0.9, NO_LOOKS, 0, 0.95, 3),          // 1: below, but the upper limit is not
                new Step(0.62, 0.68, 0.6, NO_LOOKS, 0, 0.95, 3),          // 2: below, follow-up to 1826 too short
                new Step(0.62, 0.68, 0.85, NO_LOOKS, 0, 0.95, 3),         // 3: milestone raised
                new Step(0.62, 0.68, 0.7, NO_LOOKS, 0, 0.95, 3),          // 4: completeness fell: held again
                new Step(0.62, 0.68, 0.85, NO_LOOKS, 0, 0.95, 3),         // 5: raised again
                new Step(0.62, 0.68, 0.85, TWO_LOOKS_CROSSED, 0, 0.95, 3), // 6: look 2 crossed: boundary raised
                new Step(0.60, 0.69, 0.85, THREE_LOOKS, 60, 0.7, 3),      // 7: follow-up raised; look 3 changes nothing
                new Step(0.60, 0.69, 0.85, THREE_LOOKS, 61, 0.69, 11),    // 8: data quality raised (11 of 211)
                new Step(0.60, 0.69, 0.85, THREE_LOOKS, 61, 0.69, 11),    // 9: unchanged: nothing
                new Step(0.66, 0.71, 0.85, THREE_LOOKS, 61, 0.69, 11),    // 10: milestone resolved
                new Step(0.66, 0.71, 0.85, REVISED, 61, 0.69, 11),        // 11: look 2 revised: boundary resolved
                new Step(0.66, 0.71, 0.85, REVISED, 0, 0.95, 11),         // 12: follow-up resolved
                new Step(0.66, 0.71, 0.85, REVISED, 0, 0.95, 2),          // 13: data quality resolved
                new Step(0.66, 0.71, 0.85, REVISED, 0, 0.95, 2));         // 14: nothing
        AlertState state = AlertState.EMPTY;
        List<String> log = new ArrayList<>();
        List<Alert> all = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            AlertEvaluator.Evaluation ev = run(steps.get(i), state);
            for (Alert a : ev.alerts()) {
                log.add(i + " " + a.rule() + (a.group() == null ? "" : "/" + a.group()) + " " + a.state());
                assertThat(a.analysis()).isEqualTo("os-by-arm");
                assertThat(a.at()).isEqualTo(CLOCK);
                all.add(a);
            }
            // The state round-trips through its serialised form, as through a state store.
            state = AlertState.decode(ev.state().encode());
            assertThat(state).isEqualTo(ev.state());
        }
        assertThat(log).containsExactly(
                "2 milestone-below/surgery pending-follow-up",
                "3 milestone-below/surgery raised",
                "4 milestone-below/surgery pending-follow-up",
                "5 milestone-below/surgery raised",
                "6 boundary-crossed raised",
                "7 follow-up-overdue raised",
                "8 data-quality raised",
                "10 milestone-below/surgery resolved",
                "11 boundary-crossed resolved",
                "12 follow-up-overdue resolved",
                "13 data-quality resolved");
        assertThat(state.raised()).isEmpty();
        assertThat(state.pending()).isEmpty();

        Alert held = all.get(0);
        assertThat(held.message()).contains("held pending follow-up").contains("0.600").contains("0.8");
        assertThat(held.values()).containsEntry("completeness", 0.6).containsEntry("completenessAtLeast", 0.8)
                .containsEntry("survival", 0.62).containsEntry("atRisk", 40.0);
        Alert milestone = all.get(1);
        assertThat(milestone.values()).containsEntry("survival", 0.62).containsEntry("upper", 0.68)
                .containsEntry("threshold", 0.7).containsEntry("milestoneDays", 1826.0)
                .containsEntry("completeness", 0.85);
        assertThat(milestone.message()).contains("1826").contains("surgery").contains("0.620").contains("0.680");
        // The crossing carries its look's numbers, not the current z (-1.0) nor the latest look's.
        Alert boundary = all.get(4);
        assertThat(boundary.values()).containsEntry("z", -7.2).containsEntry("boundary", 6.99)
                .containsEntry("look", 2.0).containsEntry("events", 12.0).containsEntry("informationFraction", 0.10);
        assertThat(boundary.message()).contains("formal look 2").contains("2013-06-02").contains("crosses");
        Alert followUp = all.get(5);
        assertThat(followUp.values()).containsEntry("overdue", 60.0).containsEntry("alive", 100.0)
                .containsEntry("completeness", 0.7).containsEntry("completenessBelow", 0.8);
        assertThat(followUp.message()).contains("60 of 100 patients alive").contains("Clark's C");
        Alert quality = all.get(6);
        // The population counts design exclusions (a landmark) but not the patients outside the analysis.
        assertThat(quality.values()).containsEntry("excluded", 11.0).containsEntry("population", 211.0)
                .containsEntry("excludedShare", 11.0 / 211).containsEntry("excludedAbove", 0.05);
        assertThat(quality.message()).contains("11 of 211").contains("5.2%");
        Alert revised = all.get(8);
        assertThat(revised.message()).contains("look 2 no longer crosses").contains("revised by late data")
                .contains("no formal look crosses");
        assertThat(revised.values()).containsEntry("look", 2.0).containsEntry("z", -3.0).containsEntry("events", 13.0);
        // Resolved alerts carry the numbers at resolution; small counts stay hidden there too.
        Alert qualityResolved = all.get(10);
        assertThat(qualityResolved.values()).doesNotContainKeys("excluded", "excludedShare")
                .containsEntry("population", 202.0);
        assertThat(qualityResolved.message()).contains("fewer than 11 of 202");
    }

    @Test
    void aMilestoneWithFewerThanThePrivacyMinimumAtRiskIsHeld() {
        FollowUp complete = Results.followUp(CLOCK, 100, 0.95, 455, 0, 1826, "surgery", 0.95);
        AnalysisResult few = Results.result("os-by-arm", CLOCK, 130, 60,
                List.of(Results.group("surgery", 120, 1826, 0.5, 0.4, 0.6, 7)), null, complete, Map.of());
        AlertEvaluator.Evaluation ev = evaluator.evaluate(DEFINITION, few, AlertState.EMPTY);
        assertThat(ev.alerts()).extracting(Alert::state).containsExactly("pending-follow-up");
        assertThat(ev.alerts().get(0).message()).contains("fewer than 11 patients are at risk at day 1826");
        assertThat(ev.alerts().get(0).values()).doesNotContainKey("atRisk");
        assertThat(ev.state().pending()).containsExactly("milestone-below|surgery|milestoneDays=1826,threshold=0.7");
        // Without a follow-up part (not computed yet) the milestone is held too.
        AnalysisResult unknown = Results.result("os-by-arm", CLOCK, 130, 60,
                List.of(Results.group("surgery", 120, 1826, 0.5, 0.4, 0.6, 50)), null, null, Map.of());
        assertThat(evaluator.evaluate(DEFINITION, unknown, AlertState.EMPTY).alerts().get(0).message())
                .contains("not known yet");
        // A rule's own completenessAtLeast: 0.5 is enough there, and the key says so.
        AnalysisDefinition lenient = Results.definition(ISSUE_YAML.replace("threshold: 0.70}",
                "threshold: 0.70, completenessAtLeast: 0.5}"));
        AnalysisResult half = Results.result("os-by-arm", CLOCK, 130, 60,
                List.of(Results.group("surgery", 120, 1826, 0.5, 0.4, 0.6, 50)), null,
                Results.followUp(CLOCK, 100, 0.95, 455, 0, 1826, "surgery", 0.55), Map.of());
        assertThat(evaluator.evaluate(DEFINITION, half, AlertState.EMPTY).alerts()).extracting(Alert::state)
                .containsExactly("pending-follow-up");
        assertThat(evaluator.evaluate(lenient, half, AlertState.EMPTY).state().raised()).containsExactly(
                "milestone-below|surgery|milestoneDays=1826,threshold=0.7,completenessAtLeast=0.5");
    }

    @Test
    void theBoundaryAlertFollowsTheFirstCrossingLookNotTheCurrentZ() {
        // The current z (5.0) is far beyond the latest boundary, but no formal look crossed: no alert.
        AnalysisResult between = Results.result("os-by-arm", CLOCK, 130, 60, List.of(),
                Results.monitoring(120, 60, 5.0, List.of(Results.look(1, "2013-01-10", 6, 0.05, 0.4, 9.9))), null,
                Map.of());
        AlertEvaluator.Evaluation ev = evaluator.evaluate(DEFINITION, between, AlertState.EMPTY);
        assertThat(ev.alerts()).isEmpty();
        // A later look within its boundary does not resolve an earlier crossing.
        List<Look> later = List.of(THREE_LOOKS.get(0), THREE_LOOKS.get(1), THREE_LOOKS.get(2),
                Results.look(4, "2014-09-01", 24, 0.2, 0.1, 4.88), Results.look(5, "2015-03-01", 120, 1.0, 0.2, 1.97));
        AnalysisResult result = Results.result("os-by-arm", CLOCK, 130, 130, List.of(),
                Results.monitoring(120, 130, 0.3, later), null, Map.of());
        AlertEvaluator.Evaluation raised = evaluator.evaluate(DEFINITION, result, AlertState.EMPTY);
        assertThat(raised.alerts()).extracting(a -> a.rule() + " " + a.state() + " " + a.values().get("look"))
                .containsExactly("boundary-crossed raised 2.0");
        assertThat(raised.state().raised()).containsExactly("boundary-crossed||look=2");
        assertThat(evaluator.evaluate(DEFINITION, result, raised.state()).alerts()).isEmpty();
        // Late data revise look 2, and look 4 now crosses first: look 2's crossing is resolved, look 4's raised.
        List<Look> revised = List.of(later.get(0), Results.look(2, "2013-06-02", 13, 0.108, -3.0, 6.82), later.get(2),
                Results.look(4, "2014-09-01", 24, 0.2, -5.2, 4.88), later.get(4));
        AnalysisResult lateData = Results.result("os-by-arm", CLOCK, 130, 130, List.of(),
                Results.monitoring(120, 130, 0.3, revised), null, Map.of());
        AlertEvaluator.Evaluation moved = evaluator.evaluate(DEFINITION, lateData, raised.state());
        assertThat(moved.alerts()).extracting(a -> a.state() + " " + a.values().get("look")).containsExactly(
                "resolved 2.0", "raised 4.0");
        assertThat(moved.alerts().get(0).message()).contains("look 2 no longer crosses").contains("look 4 crosses first");
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
                    monitoring: {plannedEvents: 100}
                    alerts:
                      - {rule: follow-up-overdue, days: 455, completenessBelow: 0.999}
                      - {rule: data-quality, excludedAbove: 0.01}
                      - {rule: boundary-crossed}
                """);
        AnalysisResult result = Results.result("small", CLOCK, 140, 5, List.of(),
                Results.monitoring(100, 5, 3.0, List.of(Results.look(1, "2014-01-01", 5, 0.05, -9.5, 9.4))),
                Results.followUp(CLOCK, 100, 0.9, 455, 3, 1826), Map.of("NO_DIAGNOSIS", 4));
        AlertEvaluator.Evaluation ev = strict.evaluate(def, result, AlertState.EMPTY);
        assertThat(ev.alerts()).extracting(Alert::rule).containsExactly("boundary-crossed", "data-quality",
                "follow-up-overdue");
        for (Alert a : ev.alerts()) {
            assertThat(a.state()).isEqualTo("raised");
            assertThat(a.message()).doesNotContain(" 3 ").doesNotContain(" 4 ").doesNotContain(" 5 ");
            assertThat(a.values()).doesNotContainKeys("overdue", "excluded", "excludedShare", "events",
                    "informationFraction");
            assertThat(a.values().values()).doesNotContain(3.0, 4.0, 5.0);
        }
        // With the privacy minimum at 1 the same counts are published.
        AlertEvaluator.Evaluation open = new AlertEvaluator(new Privacy(1)).evaluate(def, result, AlertState.EMPTY);
        assertThat(open.alerts().get(2).values()).containsEntry("overdue", 3.0);
        assertThat(open.alerts().get(1).values()).containsEntry("excluded", 4.0);
        assertThat(open.alerts().get(0).values()).containsEntry("events", 5.0);
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
        AnalysisResult result = Results.result("curve", CLOCK, 100, 61, List.of(shortFollowUp, longFollowUp), null,
                Results.followUp(CLOCK, 60, 0.9, 455, 0, 500, "no-surgery", 0.9, "surgery", 0.9), Map.of());
        AlertEvaluator.Evaluation ev = evaluator.evaluate(def, result, AlertState.EMPTY);
        // At day 500 surgery's curve is 0.4 (last event time 400), upper 0.45 < 0.5, 15 at risk (the first time at
        // or after 500); no-surgery's follow-up ends at 450 < 500: not estimable, no alert.
        assertThat(ev.alerts()).hasSize(1);
        assertThat(ev.alerts().get(0).group()).isEqualTo("surgery");
        assertThat(ev.alerts().get(0).values()).containsEntry("survival", 0.4).containsEntry("upper", 0.45)
                .containsEntry("atRisk", 15.0);
        assertThat(ev.state().raised()).containsExactly("milestone-below|surgery|milestoneDays=500,threshold=0.5");
    }

    @Test
    void aConditionWhoseRuleOrGroupIsGoneIsResolvedOnce() {
        AlertState previous = new AlertState(new java.util.TreeSet<>(List.of(
                "milestone-below|old-group|milestoneDays=1826,threshold=0.7", "data-quality||excludedAbove=0.5")),
                new java.util.TreeSet<>(List.of("milestone-below|other|milestoneDays=1826,threshold=0.7")));
        Step quiet = new Step(0.9, 0.95, 0.9, NO_LOOKS, 0, 0.95, 0);
        AlertEvaluator.Evaluation ev = run(quiet, previous);
        assertThat(ev.alerts()).extracting(a -> a.rule() + "/" + a.group() + " " + a.state()).containsExactly(
                "data-quality/null resolved", "milestone-below/old-group resolved", "milestone-below/other resolved");
        assertThat(ev.alerts().get(0).message()).contains("rule was removed");
        assertThat(ev.state().raised()).isEmpty();
        assertThat(run(quiet, ev.state()).alerts()).isEmpty();
    }

    @Test
    void restartWithTheStoredStateRaisesNothingAgain() {
        Step alarming = new Step(0.5, 0.6, 0.95, TWO_LOOKS_CROSSED, 60, 0.5, 30);
        AlertEvaluator.Evaluation first = run(alarming, AlertState.EMPTY);
        assertThat(first.alerts()).hasSize(4).allMatch(a -> a.state().equals("raised"));
        AlertState restored = AlertState.decode(first.state().encode());
        assertThat(run(alarming, restored).alerts()).isEmpty();
        Step held = new Step(0.5, 0.6, 0.5, NO_LOOKS, 0, 0.95, 0);
        AlertEvaluator.Evaluation pending = run(held, AlertState.EMPTY);
        assertThat(pending.alerts()).extracting(Alert::state).containsExactly("pending-follow-up");
        assertThat(run(held, AlertState.decode(pending.state().encode())).alerts()).isEmpty();
    }

    @Test
    void stateKeysAndEncodingAreChecked() {
        assertThat(AlertState.key("boundary-crossed", null, "")).isEqualTo("boundary-crossed||");
        assertThat(AlertState.groupOf("boundary-crossed||")).isNull();
        assertThat(AlertState.ruleOf("milestone-below|a|x=1")).isEqualTo("milestone-below");
        assertThat(AlertState.decode("")).isEqualTo(AlertState.EMPTY);
        AlertState both = new AlertState(new java.util.TreeSet<>(List.of("a|b|c")),
                new java.util.TreeSet<>(List.of("d|e|f")));
        assertThat(both.encode()).isEqualTo("a|b|c\n~d|e|f");
        assertThat(AlertState.decode(both.encode())).isEqualTo(both);
        assertThatThrownBy(() -> new AlertState(both.raised(), both.raised()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> AlertState.key("milestone-below", "a|b", "")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("rule|group|parameters");
        assertThatThrownBy(() -> AlertState.decode("x|y|z\n\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertEvaluator(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Privacy.DEFAULT");
        assertThatThrownBy(() -> new Alert("a", "r", null, "paused", "", Map.of(), LocalDate.MIN.toString()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

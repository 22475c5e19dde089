package org.followupmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.AnalysisResult;
import org.followupmonitor.analysis.Privacy;
import org.junit.jupiter.api.Test;

/**
 * The ph-violated rule reads only the published result's {@code cox.proportionalHazards}: raised when the global
 * test's p falls below {@code pBelow}, resolved when it rises again, never for a result without the test.
 */
class PhViolatedAlertTest {
    private static final AnalysisDefinition DEFINITION = Results.definition("""
            analyses:
              - name: os-tv
                endpoint: overall-survival
                origin: systemic-control
                cox:
                  covariates: [{name: arm, timeVarying: true}, {name: grade, reference: "3"}]
                alerts:
                  - {rule: ph-violated}
                  - {rule: ph-violated, pBelow: 0.05}
            """);
    private final AlertEvaluator evaluator = new AlertEvaluator(new Privacy(11));

    private static AnalysisResult withPh(Double globalP, Double armP) {
        AnalysisResult base = Results.result("os-tv", "2020-01-01", 400, 80, List.of(), null);
        AnalysisResult.ProportionalHazards ph = globalP == null ? null : new AnalysisResult.ProportionalHazards("km",
                List.of(new AnalysisResult.PhTest("arm", 6.1, 1, armP), new AnalysisResult.PhTest("grade", 0.2, 2, 0.9)),
                new AnalysisResult.PhTest("GLOBAL", 6.3, 3, globalP));
        AnalysisResult.CoxSummary cox = new AnalysisResult.CoxSummary("efron", 400, 80, List.of(), null, null, null,
                null, true, List.of(), List.of(), List.of(), null, List.of("arm"), null, ph, null, List.of(), null);
        return new AnalysisResult(base.formatVersion(), base.name(), base.endpoint(), base.origin(), base.groupBy(),
                base.strata(), base.confidence(), base.asOf(), base.subjects(), base.events(), 0, base.excluded(),
                false, base.groups(), null, List.of(), cox, null, null);
    }

    @Test
    void raisedBelowEachLevelAndResolvedAboveItOnceEach() {
        AlertEvaluator.Evaluation first = evaluator.evaluate(DEFINITION, withPh(0.2, 0.3), AlertState.EMPTY);
        assertThat(first.alerts()).isEmpty();

        AlertEvaluator.Evaluation second = evaluator.evaluate(DEFINITION, withPh(0.03, 0.004), first.state());
        assertThat(second.alerts()).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("ph-violated");
            assertThat(a.state()).isEqualTo("raised");
            assertThat(a.values()).containsEntry("pBelow", 0.05).containsEntry("pValue", 0.03).containsEntry("df", 3.0);
            assertThat(a.message()).contains("global chi-square 6.300 on 3 df, p = 0.0300, below 0.05")
                    .contains("arm p = 0.00400");
        });

        AlertEvaluator.Evaluation third = evaluator.evaluate(DEFINITION, withPh(0.001, 0.0001), second.state());
        assertThat(third.alerts()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo("raised");
            assertThat(a.values()).containsEntry("pBelow", 0.01);
        });

        // The same figures again raise nothing; recovering resolves both.
        assertThat(evaluator.evaluate(DEFINITION, withPh(0.001, 0.0001), third.state()).alerts()).isEmpty();
        AlertEvaluator.Evaluation recovered = evaluator.evaluate(DEFINITION, withPh(0.5, 0.6), third.state());
        assertThat(recovered.alerts()).extracting(Alert::state).containsExactly("resolved", "resolved");
        assertThat(recovered.state().raised()).isEmpty();
    }

    @Test
    void aResultWithoutTheTestNeverHolds() {
        AlertEvaluator.Evaluation none = evaluator.evaluate(DEFINITION, withPh(null, null), AlertState.EMPTY);
        assertThat(none.alerts()).isEmpty();
        AnalysisResult noCox = Results.result("os-tv", "2020-01-01", 400, 80, List.of(), null);
        assertThat(evaluator.evaluate(DEFINITION, noCox, AlertState.EMPTY).alerts()).isEmpty();
    }
}

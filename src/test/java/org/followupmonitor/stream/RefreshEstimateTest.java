package org.followupmonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.followupmonitor.analysis.AnalysesConfig;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.junit.jupiter.api.Test;

/**
 * The cost a refresh is expected to have before one is measured: the bundled analyses in the order their measured
 * refreshes had at 10^6 subjects (docs/scale-measurements.md: os-cox-t-stage 0.72 s, os-cox-grade 0.78 s,
 * os-by-arm 0.93 s, recurrence-competing-by-arm 2.2 s, os-cox-multivariable 2.7 s, os-cox-surgery-time-varying
 * 10.0 s), up to the near-equal ones.
 */
class RefreshEstimateTest {
    private static final AnalysesConfig BUNDLED = AnalysesLoader.loadDefault();

    private static AnalysisDefinition bundled(String name) {
        return BUNDLED.find(name).orElseThrow();
    }

    private static long at(String name, int subjects) {
        return RefreshEstimate.nanos(bundled(name), subjects);
    }

    @Test
    void theBundledAnalysesAreEstimatedInTheOrderTheirMeasuredRefreshesHad() {
        int n = 1_000_000;
        assertThat(at("os-cox-grade", n)).isLessThan(at("os-by-arm", n));
        assertThat(at("os-cox-t-stage", n)).isLessThan(at("os-by-arm", n));
        assertThat(at("os-by-arm", n)).isLessThan(at("recurrence-competing-by-arm", n));
        assertThat(at("recurrence-competing-by-arm", n)).isLessThan(at("os-cox-multivariable", n));
        assertThat(at("os-cox-multivariable", n)).isLessThan(at("os-cox-surgery-time-varying", n));
    }

    @Test
    void anEstimateIsInNanosecondsProportionalToTheSubjects() {
        // One ordinary Cox fit: 1 µs per subject, so a million subjects about a second, as measured warm.
        assertThat(at("os-cox-grade", 1_000_000)).isEqualTo(1_000_000_000L);
        assertThat(at("os-cox-surgery-time-varying", 200_000))
                .isEqualTo(2 * at("os-cox-surgery-time-varying", 100_000));
        assertThat(at("os-cox-grade", 0)).isZero();
        assertThat(at("os-by-arm-luminal-a", 1_000_000)).as("no subject-level parts").isZero();
    }
}

package org.followupmonitor.stream;

import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.CoxSpec;
import org.followupmonitor.analysis.SubjectSnapshot;

/**
 * What a refresh of an analysis' subject-level parts is expected to cost before any of its refreshes has been
 * measured in this process (after a start): the fitters take the cheapest waiting refresh first
 * ({@link CoxFitting#fitters}), and this is the cost they order by until {@link CoxRefresher} knows a measured one.
 *
 * <p>Why this form: every step of a refresh is a pass over the subjects (a Cox fit's iterations, the follow-up
 * columns, the look history), so the cost is the number of subjects times a weight per step. The weights are rough
 * multiples of one ordinary Cox fit, read off the refreshes the scale bench logged (docs/scale-measurements.md,
 * warm refreshes at 10^5 and 10^6 subjects): a univariate fit 0.7–1.2 µs per subject; the multivariable model with
 * its univariate ones (four fits) 0.4–0.7 µs per subject per fit; the time-varying model's fits (counting-process
 * rows, split at each switch, fitted by the general model) 1.7–3.9 µs per subject per fit, so 4; the Fine-Gray fit
 * next to a cause-specific one about 2; the follow-up and looks of os-by-arm together 0.9–2.6 µs per subject, so 0.5
 * and 1. One unit is taken as 1 µs per subject, so an estimate is in the same unit as a measured cost (ns) and the
 * two can be compared: only the order matters, and an estimate within a factor of a few of the truth keeps a
 * refresh of seconds behind one of tenths of a second. Ordering the Cox rows is left out (milliseconds).
 */
final class RefreshEstimate {
    /** One unit: an ordinary Cox fit of one subject, ns. */
    static final long UNIT_NANOS = 1_000;
    /** A fit of the general model (time-varying covariates, strata or clusters) against an ordinary one. */
    static final double GENERAL_FIT = 4;
    /** The Fine-Gray fit of a competing endpoint against an ordinary Cox fit. */
    static final double FINE_GRAY = 2;
    static final double FOLLOW_UP = 0.5;
    static final double LOOKS = 1;

    private RefreshEstimate() {}

    /** The expected computing time of one refresh of {@code analysis} over {@code subjects} subjects, ns. */
    static long nanos(AnalysisDefinition analysis, int subjects) {
        return Math.round(units(analysis) * UNIT_NANOS * subjects);
    }

    /** The weight per subject: the sum over the refresh's steps (see the class comment). */
    static double units(AnalysisDefinition analysis) {
        double units = 0;
        if (analysis.cox().isPresent()) {
            CoxSpec spec = analysis.cox().get();
            int covariates = spec.covariates().size();
            // As AnalysisEngine.cox fits them: the multivariable model, each covariate alone when there are several,
            // and with time-varying covariates the same model with them fixed (a general fit too).
            int fits = 1 + (covariates > 1 ? covariates : 0) + (spec.timeVarying() ? 1 : 0);
            units += fits * (spec.general() ? GENERAL_FIT : 1);
            if (analysis.endpoint().competing()) {
                units += FINE_GRAY;
            }
        }
        if (SubjectSnapshot.needsFollowUp(analysis)) {
            units += FOLLOW_UP;
        }
        if (analysis.monitoring().isPresent()) {
            units += LOOKS;
        }
        return units;
    }
}

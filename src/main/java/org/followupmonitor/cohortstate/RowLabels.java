package org.followupmonitor.cohortstate;

import java.util.Map;

/**
 * The part of a {@link org.followupmonitor.analysis.SubjectRow} that repeats across a cohort: everything but its time,
 * its numeric covariates and its switch days. A cohort has a handful of these (groups × strata × covariate levels ×
 * causes), so {@link SubjectColumns} holds one shared instance per subject instead of a row object each
 * ({@link SubjectCanon} shares them). Numbers and switch days may differ per patient and are kept beside it.
 *
 * @param group the row's group
 * @param stratum the row's stratum
 * @param factors the row's categorical covariates (a row's map: immutable, in key order)
 * @param cause the row's cause (0 censored); its event is {@code cause == 1}
 */
record RowLabels(String group, String stratum, Map<String, String> factors, int cause) {}

package org.followupmonitor.analysis;

import java.util.Objects;

/** The outcome of deriving one patient's contribution to one analysis: a row, or an exclusion with its flag. */
public sealed interface Derivation {

    /** The patient contributes this row. */
    record Row(SubjectRow row) implements Derivation {
        public Row {
            Objects.requireNonNull(row, "row");
        }
    }

    /** The patient is left out of the analysis for this reason. */
    record Excluded(DataQualityFlag flag) implements Derivation {
        public Excluded {
            Objects.requireNonNull(flag, "flag");
        }
    }
}

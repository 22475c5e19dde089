package org.followupmonitor.stream;

import java.util.List;
import java.util.Objects;

/**
 * What changed in one analysis' share of one input partition since the previous delta: the timeline
 * processor of that partition sends it, keyed by analysis name, to the cohort processor, every flush
 * interval rather than once per event, so a burst of events costs a few records per analysis.
 *
 * <p>Every figure is an absolute value for ({@code source}, key), not an increment. Applying a delta
 * twice, or applying the full share again after a restart, therefore gives the same state: that is what
 * keeps the cohort exact when the timeline processor rebuilds its share from the timelines store after a
 * crash (it then sends {@code reset}: forget everything this source sent before, and here is all of it).
 *
 * @param analysis the analysis name (also the record key)
 * @param source the input partition whose patients these are
 * @param reset the cohort processor first drops everything it holds from {@code source} for this analysis
 * @param last false when more records of the same flush follow (the cohort is not published in between)
 * @param inputOffset the offset after the last input record of {@code source} reflected here, -1 when unknown
 * @param cells risk-set cells whose counts changed (zero counts: the cell is gone)
 * @param exclusions exclusion flags whose counts changed (zero: gone)
 * @param clockChanged whether {@code clock} is sent
 * @param clock the latest date any subject of this source was seen (ISO), null when none
 * @param subjects subjects whose entry changed; an entry of null removes the subject
 */
public record CohortDelta(String analysis, int source, boolean reset, boolean last, long inputOffset,
        List<Cell> cells, List<Exclusion> exclusions, boolean clockChanged, String clock, List<Subject> subjects) {

    /** One day of one risk-set cell: how many subjects of the source had the event or were censored that day. */
    public record Cell(String group, String stratum, int day, int events, int censored) {
        public Cell {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(stratum, "stratum");
            if (day < 0 || events < 0 || censored < 0) {
                throw new IllegalArgumentException("cell day and counts must be >= 0");
            }
        }
    }

    /** How many subjects of the source an exclusion flag holds. */
    public record Exclusion(String flag, int count) {
        public Exclusion {
            Objects.requireNonNull(flag, "flag");
            if (count < 0) {
                throw new IllegalArgumentException("exclusion count must be >= 0");
            }
        }
    }

    /** A subject's new entry, or its removal ({@code entry} null). {@code subject} is a one-way hash. */
    public record Subject(String subject, SubjectEntry entry) {
        public Subject {
            Objects.requireNonNull(subject, "subject");
        }
    }

    public CohortDelta {
        Objects.requireNonNull(analysis, "analysis");
        if (source < 0) {
            throw new IllegalArgumentException("source partition must be >= 0");
        }
        cells = List.copyOf(cells);
        exclusions = List.copyOf(exclusions);
        subjects = List.copyOf(subjects);
    }

    /** Items carried, for chunking. */
    public int size() {
        return cells.size() + exclusions.size() + subjects.size();
    }
}

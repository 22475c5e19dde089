package org.followupmonitor.cohortstate;

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
 * <p>A reset is <em>ranged</em>: its first record carries the source's whole counts (every non-empty block, every
 * exclusion, the clock), and its records carry the source's subjects in {@link CohortKeys#SUBJECT_ORDER}, each record
 * a {@link Range} of that order, the ranges of one reset adjoining from the start of the order to its end. A record
 * then says all there is in its range: the subjects listed, and no other. The cohort stage applies each record on its
 * own (it writes what differs from what it holds and deletes what the range no longer lists), so a reset that
 * re-sends what the stores already hold writes nothing, and a task that restarts in the middle of one ends in the
 * same state whether it reads the rest or a whole new reset.
 *
 * @param analysis the analysis name (also the record key)
 * @param source the input partition whose patients these are
 * @param reset the first record of a reset: what the cohort processor holds from {@code source} for this analysis is
 *     replaced (with a range, part by part as above; without, the builds before ranges, dropped here at once)
 * @param last false when more records of the same flush follow (the cohort is not published in between)
 * @param inputOffset the offset after the last input record of {@code source} reflected here, -1 when unknown or the
 *     input-offset hook (a measurement aid, off by default) is off
 * @param blocks risk-set blocks whose counts changed (all zero: the block is gone)
 * @param exclusions exclusion flags whose counts changed (zero: gone)
 * @param clockChanged whether {@code clock} is sent
 * @param clock the latest date any subject of this source was seen (ISO), null when none
 * @param subjects subjects whose entry changed; an entry of null removes the subject
 * @param range in a ranged reset, the part of the subject order this record covers (its subjects are all the source
 *     has there); null outside a reset, and in the resets of builds before ranges (which replace the source's
 *     subjects from the first record on)
 * @param caughtUp the source has, since its task started, processed the input that waited for it then (its backlog)
 *     and sent all of it: set once per task start and analysis, on the last record of the flush in which the
 *     source found itself caught up (the reset's last record when it was caught up at its first flush, an otherwise
 *     empty record later). Without information about its input's lag the source sets it on its reset's last record.
 *     The cohort stage waits for it before the first refresh of a restored analysis' subject-level parts
 *     ({@code CoxRefresher#awaitResets}); it changes nothing in the counts.
 */
public record CohortDelta(String analysis, int source, boolean reset, boolean last, long inputOffset,
        List<Block> blocks, List<Exclusion> exclusions, boolean clockChanged, String clock, List<Subject> subjects,
        Range range, boolean caughtUp) {

    /** Days per block: a delta carries, and the cohort store keeps, risk-set counts in blocks of this many days. */
    public static final int BLOCK_DAYS = 32;

    /**
     * {@link #BLOCK_DAYS} consecutive days of one risk-set cell (group × stratum), from day
     * {@code index * BLOCK_DAYS}: how many subjects of the source had the event ({@code counts[2d]}) or were
     * censored ({@code counts[2d + 1]}) on each day {@code d} of the block. With k competing causes a day has
     * k + 1 counts ({@code stride}): the events of causes 1..k, then the censored, from {@code counts[d (k + 1)]};
     * k = 1 is the layout above. Blocks rather than days because a burst of events touches the same blocks again
     * and again: one store write per block instead of per day.
     */
    public record Block(String group, String stratum, int index, int[] counts) {
        public Block {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(stratum, "stratum");
            if (index < 0 || counts.length % BLOCK_DAYS != 0 || counts.length < 2 * BLOCK_DAYS) {
                throw new IllegalArgumentException("a block has index >= 0 and (causes + 1) x " + BLOCK_DAYS
                        + " counts, at least " + 2 * BLOCK_DAYS);
            }
            for (int c : counts) {
                if (c < 0) {
                    throw new IllegalArgumentException("block counts must be >= 0");
                }
            }
            counts = counts.clone();
        }

        /** Counts per day: the causes', then the censored (2 with a single cause). */
        public int stride() {
            return counts.length / BLOCK_DAYS;
        }

        /** Whether every count is zero (the block is gone). */
        public boolean isEmpty() {
            return allZero(counts);
        }

        /** Whether every count of a block's array is zero. */
        static boolean allZero(int[] counts) {
            for (int c : counts) {
                if (c != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int[] counts() {
            return counts.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Block b && index == b.index && group.equals(b.group) && stratum.equals(b.stratum)
                    && java.util.Arrays.equals(counts, b.counts);
        }

        @Override
        public int hashCode() {
            return Objects.hash(group, stratum, index, java.util.Arrays.hashCode(counts));
        }

        @Override
        public String toString() {
            return "Block[" + group + ", " + stratum + ", " + index + ", " + java.util.Arrays.toString(counts) + "]";
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

    /**
     * The subjects {@code from} (inclusive) up to {@code to} (exclusive) in {@link CohortKeys#SUBJECT_ORDER};
     * {@code from} "" is the start of the order, {@code to} null its end.
     */
    public record Range(String from, String to) {
        /** The whole order: a reset in one record. */
        public static final Range ALL = new Range("", null);

        public Range {
            Objects.requireNonNull(from, "from");
            if (to != null && CohortKeys.SUBJECT_ORDER.compare(from, to) > 0) {
                throw new IllegalArgumentException("a range cannot end before it starts");
            }
        }

        /** Whether the subject falls within the range. */
        public boolean contains(String subject) {
            return CohortKeys.SUBJECT_ORDER.compare(from, subject) <= 0
                    && (to == null || CohortKeys.SUBJECT_ORDER.compare(subject, to) < 0);
        }
    }

    public CohortDelta {
        Objects.requireNonNull(analysis, "analysis");
        if (source < 0) {
            throw new IllegalArgumentException("source partition must be >= 0");
        }
        blocks = List.copyOf(blocks);
        exclusions = List.copyOf(exclusions);
        subjects = List.copyOf(subjects);
        if (range != null) {
            for (Subject s : subjects) {
                if (!range.contains(s.subject())) {
                    throw new IllegalArgumentException("a ranged record lists a subject outside its range");
                }
            }
        }
    }

    /** A delta without the caught-up mark. */
    public CohortDelta(String analysis, int source, boolean reset, boolean last, long inputOffset, List<Block> blocks,
            List<Exclusion> exclusions, boolean clockChanged, String clock, List<Subject> subjects, Range range) {
        this(analysis, source, reset, last, inputOffset, blocks, exclusions, clockChanged, clock, subjects, range,
                false);
    }

    /**
     * An otherwise empty record that carries only the caught-up mark ({@link #caughtUp}): it changes nothing in the
     * counts or subjects of {@code source}.
     */
    public static CohortDelta caughtUpMark(String analysis, int source, long inputOffset) {
        return new CohortDelta(analysis, source, false, true, inputOffset, List.of(), List.of(), false, null,
                List.of(), null, true);
    }

    /** The same record with the caught-up mark. */
    public CohortDelta withCaughtUp() {
        return new CohortDelta(analysis, source, reset, last, inputOffset, blocks, exclusions, clockChanged, clock,
                subjects, range, true);
    }

    /** A delta without a range: outside a reset, or a reset of the builds before ranges. */
    public CohortDelta(String analysis, int source, boolean reset, boolean last, long inputOffset, List<Block> blocks,
            List<Exclusion> exclusions, boolean clockChanged, String clock, List<Subject> subjects) {
        this(analysis, source, reset, last, inputOffset, blocks, exclusions, clockChanged, clock, subjects, null);
    }

    /** Items carried, for chunking. */
    public int size() {
        return blocks.size() + exclusions.size() + subjects.size();
    }
}

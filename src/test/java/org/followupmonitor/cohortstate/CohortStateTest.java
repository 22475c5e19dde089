package org.followupmonitor.cohortstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.followupmonitor.analysis.AnalysesLoader;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.CohortCounts;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cohort state on real (in-memory) stores with the real codec: apply, reset, restore. */
class CohortStateTest {
    private static final AnalysisDefinition OS = AnalysesLoader.parse("""
            analyses:
              - name: os
                endpoint: overall-survival
                origin: index
                cox:
                  covariates:
                    - {name: grade, reference: "3"}
            """, "test").analyses().get(0);

    private KeyValueStore<String, int[]> counts;
    private KeyValueStore<String, byte[]> subjects;
    private CohortState state;

    @BeforeEach
    void stores() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        counts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("cohort-state"), Serdes.String(),
                CohortCodec.blockCounts()).withLoggingDisabled().build();
        subjects = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("cohort-subjects"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        counts.init(context.getStateStoreContext(), counts);
        subjects.init(context.getStateStoreContext(), subjects);
        state = new CohortState(counts, subjects);
    }

    /** A block of one cell with {@code events} events on day {@code day} of block {@code index}, and one censored. */
    private static CohortDelta.Block block(int index, int day, int events) {
        int[] c = new int[2 * CohortDelta.BLOCK_DAYS];
        c[2 * day] = events;
        c[2 * day + 1] = 1;
        return new CohortDelta.Block("", "", index, c);
    }

    private static CohortDelta delta(int source, boolean reset, boolean last, List<CohortDelta.Block> blocks,
            List<CohortDelta.Exclusion> exclusions, String clock, List<CohortDelta.Subject> subjects) {
        return new CohortDelta("os", source, reset, last, -1, blocks, exclusions, clock != null, clock, subjects);
    }

    private static SubjectEntry entry(int days) {
        SubjectRow row = new SubjectRow(days, true, SubjectRow.ALL, "", Map.of("grade", "2"), Map.of());
        return new SubjectEntry(row, new FollowUpRecord(java.time.LocalDate.parse("2015-01-01"),
                java.time.LocalDate.parse("2016-01-01"), false), null);
    }

    /** The counts a naive oracle expects: day → (events, censored), one cell. */
    private static CohortCounts expected(int[][] dayEventsCensored) {
        CohortCounts.Builder b = CohortCounts.builder(Optional.empty(), 1);
        for (int[] d : dayEventsCensored) {
            b.add("", "", d[0], d[1], d[2]);
        }
        return b.build();
    }

    @Test
    void applyingADeltaTwiceChangesNothingAndSourcesSum() {
        CohortDelta a = delta(0, false, true, List.of(block(0, 3, 2)), List.of(new CohortDelta.Exclusion("X", 4)),
                "2020-01-05", List.of());
        CohortDelta b = delta(1, false, true, List.of(block(0, 3, 1), block(2, 0, 5)), List.of(), "2020-02-01",
                List.of());
        assertThat(state.apply(a)).isEqualTo(CohortState.Change.COUNTS);
        assertThat(state.apply(a)).isEqualTo(CohortState.Change.COUNTS);
        state.apply(b);
        CohortState.Counts read = state.read(OS);
        assertThat(read.counts().tables()).isEqualTo(expected(new int[][] {{3, 3, 2}, {64, 5, 1}}).tables());
        assertThat(read.excluded()).isEqualTo(Map.of("X", 4));
        assertThat(read.asOf()).isEqualTo("2020-02-01");
    }

    @Test
    void aResetReplacesEverythingItsSourceSentAndNothingElse() {
        state.apply(delta(0, false, true, List.of(block(0, 3, 2), block(1, 1, 1)),
                List.of(new CohortDelta.Exclusion("X", 4)), "2020-01-05", List.of(new CohortDelta.Subject("s1",
                        entry(10)))));
        state.apply(delta(1, false, true, List.of(block(0, 3, 1)), List.of(), "2020-01-01",
                List.of(new CohortDelta.Subject("s2", entry(20)))));
        CohortState.Change change = state.apply(delta(0, true, true, List.of(block(0, 5, 7)), List.of(), "2019-12-01",
                List.of()));
        assertThat(change).as("dropped subjects need a refresh").isEqualTo(CohortState.Change.SUBJECTS);
        CohortState.Counts read = state.read(OS);
        assertThat(read.counts().tables()).isEqualTo(expected(new int[][] {{3, 1, 1}, {5, 7, 1}}).tables());
        assertThat(read.excluded()).isEmpty();
        assertThat(read.asOf()).isEqualTo("2020-01-01");
        assertThat(state.subjects("os")).containsExactly(entry(20));
        assertThat(keys(counts)).noneMatch(k -> k.startsWith(CohortKeys.sourcePrefix("os", "x", 0)));
    }

    @Test
    void aFreshResetOfNothingChangesNothingAndAnEmptyBlockIsDeleted() {
        assertThat(state.apply(delta(0, true, true, List.of(), List.of(), null, List.of())))
                .isEqualTo(CohortState.Change.NONE);
        state.apply(delta(0, false, true, List.of(block(0, 3, 2)), List.of(), null, List.of()));
        assertThat(keys(counts)).hasSize(1);
        state.apply(delta(0, false, true, List.of(new CohortDelta.Block("", "", 0, new int[2 * CohortDelta.BLOCK_DAYS])),
                List.of(), null, List.of()));
        assertThat(keys(counts)).isEmpty();
        assertThat(state.read(OS).counts().isEmpty()).isTrue();
    }

    @Test
    void aHalfAppliedDeltaWaitsAlsoAcrossARestore() {
        state.apply(delta(0, false, false, List.of(block(0, 3, 2)), List.of(), null, List.of()));
        assertThat(state.waiting("os")).isTrue();
        CohortState restored = new CohortState(counts, subjects);
        assertThat(restored.restore("os")).isTrue();
        assertThat(restored.waiting("os")).isTrue();
        restored.apply(delta(0, false, true, List.of(block(1, 0, 1)), List.of(), null, List.of()));
        assertThat(restored.waiting("os")).isFalse();
        assertThat(new CohortState(counts, subjects).waiting("os")).isFalse();
    }

    @Test
    void aRestoreFromTheStoresEqualsTheStateThatWroteThem() {
        state.apply(delta(0, false, true, List.of(block(0, 3, 2), block(4, 31, 1)),
                List.of(new CohortDelta.Exclusion("X", 2)), "2020-03-03",
                List.of(new CohortDelta.Subject("s1", entry(10)), new CohortDelta.Subject("s3", entry(30)))));
        state.apply(delta(2, false, true, List.of(block(0, 3, 1)), List.of(), "2020-01-01",
                List.of(new CohortDelta.Subject("s2", entry(20)))));
        state.apply(delta(0, false, true, List.of(), List.of(), null, List.of(new CohortDelta.Subject("s3", null))));

        CohortState restored = new CohortState(counts, subjects);
        assertThat(restored.restore("os")).isTrue();
        assertThat(restored.restore("other")).isFalse();
        CohortState.Counts before = state.read(OS);
        CohortState.Counts after = restored.read(OS);
        assertThat(after.counts().tables()).isEqualTo(before.counts().tables());
        assertThat(after.excluded()).isEqualTo(before.excluded());
        assertThat(after.asOf()).isEqualTo(before.asOf()).isEqualTo("2020-03-03");
        assertThat(restored.subjects("os")).containsExactlyInAnyOrderElementsOf(state.subjects("os"))
                .containsExactlyInAnyOrder(entry(10), entry(20));
        assertThat(restored.waiting("os")).isFalse();
    }

    /**
     * After a restart the timeline stage sends every subject again under a reset: the subjects that come back as they
     * were change no subject-level part (no refresh), one that changed or did not come back does; also when the reset
     * spans several records, and when the cohort task restarts in the middle of one (the store then holds only what
     * the reset sent so far, and every subject read back counts as changed again).
     */
    @Test
    void aResetThatSendsTheSameSubjectsAgainChangesOnlyTheCounts() {
        state.apply(delta(0, false, true, List.of(block(0, 3, 2)), List.of(), "2020-01-05",
                List.of(new CohortDelta.Subject("s1", entry(10)), new CohortDelta.Subject("s2", entry(20)),
                        new CohortDelta.Subject("s3", entry(30)))));
        assertThat(state.apply(delta(0, true, true, List.of(block(0, 3, 2)), List.of(), "2020-01-05",
                List.of(new CohortDelta.Subject("s1", entry(10)), new CohortDelta.Subject("s2", entry(20)),
                        new CohortDelta.Subject("s3", entry(30)))))).isEqualTo(CohortState.Change.COUNTS);
        // Over two records: the first sends s1 as it was, the last s2 changed; s3 is not sent again.
        assertThat(state.apply(delta(0, true, false, List.of(block(0, 3, 2)), List.of(), "2020-01-05",
                List.of(new CohortDelta.Subject("s1", entry(10)))))).isEqualTo(CohortState.Change.COUNTS);
        assertThat(state.waiting("os")).isTrue();
        assertThat(state.apply(delta(0, false, true, List.of(), List.of(), null,
                List.of(new CohortDelta.Subject("s2", entry(21)))))).isEqualTo(CohortState.Change.SUBJECTS);
        assertThat(state.subjects("os")).containsExactlyInAnyOrder(entry(10), entry(21));
        // A reset that leaves out a subject and sends the rest as they were: the subject is gone.
        assertThat(state.apply(delta(0, true, true, List.of(block(0, 3, 2)), List.of(), "2020-01-05",
                List.of(new CohortDelta.Subject("s1", entry(10)))))).isEqualTo(CohortState.Change.SUBJECTS);
        assertThat(state.subjects("os")).containsExactly(entry(10));

        // The cohort task restarts after the first record of a reset: the rest still ends in exactly what it sent.
        state.apply(delta(0, false, true, List.of(), List.of(), null, List.of(new CohortDelta.Subject("s2",
                entry(20)))));
        state.apply(delta(0, true, false, List.of(block(0, 3, 2)), List.of(), "2020-01-05",
                List.of(new CohortDelta.Subject("s2", entry(20)))));
        CohortState restored = new CohortState(counts, subjects);
        restored.restore("os");
        assertThat(restored.subjects("os")).containsExactly(entry(20));
        assertThat(restored.apply(delta(0, false, true, List.of(), List.of(), null,
                List.of(new CohortDelta.Subject("s1", entry(10)))))).isEqualTo(CohortState.Change.SUBJECTS);
        assertThat(restored.subjects("os")).containsExactlyInAnyOrder(entry(10), entry(20));
        assertThat(restored.waiting("os")).isFalse();
    }

    /**
     * Labels are numbered per analysis in the store: a restarted state reads the table back and numbers new labels
     * after it (a renumbering would change what the entries already written say); entries of the previous format,
     * labels spelled out, are read beside them.
     */
    @Test
    void labelsAreKeptOnceInTheStoreAndARestartNumbersOnAfterThem() {
        state.apply(delta(0, false, true, List.of(), List.of(), null, List.of(new CohortDelta.Subject("s1", entry(10)),
                new CohortDelta.Subject("s2", entry(20)))));
        // "all", "", "grade", "2": once each, not once per subject.
        assertThat(keys(subjects)).filteredOn(k -> k.startsWith(CohortKeys.prefix("os", "d"))).hasSize(4);
        byte[] formatFour = java.util.HexFormat.of().parseHex("04010000000701010003616c6c00000000000100056772616465"
                + "00013300000000000000000000");
        SubjectEntry old = new SubjectEntry(new SubjectRow(7, true, SubjectRow.ALL, "", Map.of("grade", "3"),
                Map.of()), null, null);
        subjects.put(CohortKeys.subject("os", 1, "s0"), formatFour);

        CohortState restored = new CohortState(counts, subjects);
        assertThat(restored.restore("os")).isFalse(); // no counts; the subjects are read all the same
        assertThat(restored.subjects("os")).containsExactlyInAnyOrder(entry(10), entry(20), old);
        SubjectEntry stage4 = new SubjectEntry(new SubjectRow(5, false, SubjectRow.ALL, "", Map.of("grade", "4"),
                Map.of()), null, null);
        restored.apply(delta(1, false, true, List.of(), List.of(), null, List.of(new CohortDelta.Subject("s3",
                stage4))));
        assertThat(keys(subjects)).filteredOn(k -> k.startsWith(CohortKeys.prefix("os", "d")))
                .containsExactlyInAnyOrder(CohortKeys.label("os", 1), CohortKeys.label("os", 2),
                        CohortKeys.label("os", 3), CohortKeys.label("os", 4), CohortKeys.label("os", 5));
        CohortState again = new CohortState(counts, subjects);
        again.restore("os");
        assertThat(again.subjects("os")).containsExactlyInAnyOrder(entry(10), entry(20), old, stage4);
    }

    private static List<String> keys(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}

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
import org.followupmonitor.analysis.DataQualityFlag;
import org.followupmonitor.analysis.Derivation;
import org.followupmonitor.analysis.FollowUpRecord;
import org.followupmonitor.analysis.SubjectRow;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
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

    /** A share of one source with {@code n} patients, {@code seed} choosing their rows. */
    private static PartitionShare share(long seed, int n, int removedEvery) {
        return share(seed, n, removedEvery, 0);
    }

    /**
     * A share of one source with patients 0 to n - 1 ({@code seed} choosing their rows), less every
     * {@code removedEvery}-th, and every {@code changedEvery}-th (from the first) a day later: the same seed with other
     * parameters gives the share of the same partition after some patients changed, left or came.
     */
    private static PartitionShare share(long seed, int n, int removedEvery, int changedEvery) {
        java.util.Random rnd = new java.util.Random(seed);
        PartitionShare share = new PartitionShare(true);
        for (int i = 0; i < n; i++) {
            int days = rnd.nextInt(90) + (changedEvery > 0 && i % changedEvery == 1 % changedEvery ? 1 : 0);
            SubjectRow row = new SubjectRow(days, rnd.nextBoolean(), SubjectRow.ALL, "",
                    Map.of("grade", String.valueOf(1 + rnd.nextInt(3))), Map.of());
            if (removedEvery > 0 && i % removedEvery == 0) {
                continue;
            }
            share.add(new Derivation.Row(row), +1);
            share.subject(CohortKeys.subjectOf("p" + i), new SubjectEntry(row, null, null));
        }
        if (rnd.nextBoolean()) {
            share.add(new Derivation.Excluded(DataQualityFlag.NO_ORIGIN_EVENT), +1);
        }
        share.markReset();
        return share;
    }

    /** Counts the writes and deletes that reach a store. */
    @SuppressWarnings("unchecked")
    private static <V> KeyValueStore<String, V> counting(KeyValueStore<String, V> store, int[] writes) {
        return (KeyValueStore<String, V>) java.lang.reflect.Proxy.newProxyInstance(
                KeyValueStore.class.getClassLoader(), new Class<?>[] {KeyValueStore.class}, (proxy, m, args) -> {
                    if (List.of("put", "putIfAbsent", "putAll", "delete").contains(m.getName())) {
                        writes[0]++;
                    }
                    try {
                        return m.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * After a restart the timeline stage sends its share again as a ranged reset; when the stores already hold it, as
     * they do after a restart, applying it writes nothing (before ranges, a reset deleted and rewrote every subject and
     * block of its source) and changes no result.
     */
    @Test
    void aRangedResetThatResendsWhatTheStoresHoldWritesNothing() {
        List<CohortDelta> reset = share(7, 40, 0).drain("os", 0, -1, 6, java.time.LocalDate.of(2020, 3, 1));
        assertThat(reset).hasSizeGreaterThan(3).allMatch(d -> d.range() != null);
        reset.forEach(state::apply);
        state.apply(delta(1, false, true, List.of(block(0, 3, 2)), List.of(), "2020-01-01",
                List.of(new CohortDelta.Subject("other", entry(5)))));
        int[] writes = {0};
        CohortState restarted = new CohortState(counting(counts, writes), counting(subjects, writes));
        restarted.restore("os");
        List<SubjectEntry> before = restarted.subjects("os");
        for (CohortDelta d : share(7, 40, 0).drain("os", 0, -1, 6, java.time.LocalDate.of(2020, 3, 1))) {
            assertThat(restarted.apply(d)).isEqualTo(CohortState.Change.NONE);
        }
        assertThat(writes[0]).as("store writes and deletes").isZero();
        assertThat(restarted.subjects("os")).containsExactlyInAnyOrderElementsOf(before).hasSize(41);
        assertThat(restarted.waiting("os")).isFalse();
    }

    /**
     * A ranged reset that differs: only the subjects that changed are written, and only those its ranges no longer
     * list are deleted; the blocks, exclusions and clock it no longer sends are gone; another source is untouched.
     */
    @Test
    void aRangedResetWritesWhatChangedAndDeletesWhatItsRangesNoLongerList() {
        share(7, 40, 0).drain("os", 0, -1, 6, java.time.LocalDate.of(2020, 3, 1)).forEach(state::apply);
        state.apply(delta(1, false, true, List.of(block(0, 3, 2)), List.of(new CohortDelta.Exclusion("X", 1)),
                "2020-01-01", List.of(new CohortDelta.Subject("other", entry(5)))));
        int[] writes = {0};
        CohortState restarted = new CohortState(counting(counts, writes), counting(subjects, writes));
        restarted.restore("os");
        // Every fifth patient left the partition (their subjects go); the others are sent as they were.
        List<CohortDelta> reset = share(7, 40, 5).drain("os", 0, -1, 6, java.time.LocalDate.of(2020, 2, 1));
        CohortState.Change change = CohortState.Change.NONE;
        for (CohortDelta d : reset) {
            CohortState.Change c = restarted.apply(d);
            change = c.compareTo(change) > 0 ? c : change;
        }
        assertThat(change).isEqualTo(CohortState.Change.SUBJECTS);
        // 8 subjects deleted; the counts: at most the 3 blocks (days 0-89) and the clock; the pending marker of a
        // multi-record reset that changes something (put, then deleted); none of the 32 subjects kept.
        assertThat(writes[0]).isBetween(8 + 1, 8 + 3 + 1 + 2);
        CohortState fresh = freshStateAfter(share(7, 40, 5).drain("os", 0, -1, 6, java.time.LocalDate.of(2020, 2, 1)),
                delta(1, false, true, List.of(block(0, 3, 2)), List.of(new CohortDelta.Exclusion("X", 1)),
                        "2020-01-01", List.of(new CohortDelta.Subject("other", entry(5)))));
        assertThat(restarted.subjects("os")).containsExactlyInAnyOrderElementsOf(fresh.subjects("os")).hasSize(33);
        assertThat(restarted.read(OS).counts().tables()).isEqualTo(fresh.read(OS).counts().tables());
        assertThat(restarted.read(OS).excluded()).isEqualTo(fresh.read(OS).excluded());
        assertThat(restarted.read(OS).asOf()).isEqualTo("2020-02-01");
        assertThat(dump(counts)).isEqualTo(dump(freshCounts));
        // The label codes depend on the order entries were first written; the subjects' keys do not.
        assertThat(dump(subjects).keySet()).filteredOn(k -> k.startsWith(CohortKeys.prefix("os", "s")))
                .containsExactlyElementsOf(dump(freshSubjects).keySet().stream()
                        .filter(k -> k.startsWith(CohortKeys.prefix("os", "s"))).toList());
    }

    /**
     * The cohort task restarts anywhere during a ranged reset (after any of its records, its in-memory copies rebuilt
     * from the stores), then reads either the reset's remaining records (only the cohort task restarted) or the whole
     * reset again (the timeline task restarted too and sends a new one): both stores and the state read back equal
     * those of a task that applied the reset once without a restart, which equal the new share.
     */
    @Property(tries = 80)
    void restartAnywhereDuringARangedResetConvergesToTheSameStateAsNoRestart(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 1, max = 6) int maxItems,
            @ForAll @IntRange(min = 0, max = 45) int patients, @ForAll @IntRange(min = 0, max = 5) int removedEvery,
            @ForAll @IntRange(min = 0, max = 5) int changedEvery, @ForAll @IntRange(min = 0, max = 100) int restartAt,
            @ForAll boolean resentWhole) {
        java.time.LocalDate clock = java.time.LocalDate.of(2020, 1, 1).plusDays(seed % 50);
        CohortDelta otherSource = delta(1, false, true, List.of(block(1, 3, 2)), List.of(), "2019-12-01",
                List.of(new CohortDelta.Subject("other", entry(5))));
        List<CohortDelta> before = share(seed, 30, 0).drain("os", 0, -1, maxItems, clock.minusDays(3));
        List<CohortDelta> reset = share(seed, patients, removedEvery, changedEvery)
                .drain("os", 0, -1, maxItems, clock);

        CohortState once = freshStateAfter(before, otherSource);
        reset.forEach(once::apply);
        var onceCounts = dump(freshCounts);
        var onceSubjects = dump(freshSubjects);

        CohortState restarting = freshStateAfter(before, otherSource);
        int k = restartAt * reset.size() / 100;
        reset.subList(0, k).forEach(restarting::apply);
        CohortState restarted = new CohortState(freshCounts, freshSubjects);
        restarted.restore("os");
        (resentWhole ? reset : reset.subList(k, reset.size())).forEach(restarted::apply);

        assertThat(dump(freshCounts)).isEqualTo(onceCounts);
        assertThat(dump(freshSubjects)).isEqualTo(onceSubjects);
        assertThat(restarted.subjects("os")).containsExactlyInAnyOrderElementsOf(once.subjects("os"));
        assertThat(restarted.read(OS).counts().tables()).isEqualTo(once.read(OS).counts().tables());
        assertThat(restarted.read(OS).excluded()).isEqualTo(once.read(OS).excluded());
        assertThat(restarted.read(OS).asOf()).isEqualTo(once.read(OS).asOf());
        assertThat(restarted.waiting("os")).isFalse();
        assertThat(once.waiting("os")).isFalse();
        // ... and what it converges to is the new share, with the other source's as it was.
        CohortState direct = freshStateAfter(share(seed, patients, removedEvery, changedEvery)
                .drain("os", 0, -1, maxItems, clock), otherSource);
        assertThat(once.subjects("os")).containsExactlyInAnyOrderElementsOf(direct.subjects("os"));
        assertThat(once.read(OS).counts().tables()).isEqualTo(direct.read(OS).counts().tables());
        assertThat(dump(freshCounts)).isEqualTo(onceCounts);
    }

    private KeyValueStore<String, int[]> freshCounts;
    private KeyValueStore<String, byte[]> freshSubjects;

    /** A state on stores of its own that applied only {@code deltas}. */
    private CohortState freshStateAfter(List<CohortDelta> deltas, CohortDelta... more) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        freshCounts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("fresh-state"), Serdes.String(),
                CohortCodec.blockCounts()).withLoggingDisabled().build();
        freshSubjects = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("fresh-subjects"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        freshCounts.init(context.getStateStoreContext(), freshCounts);
        freshSubjects.init(context.getStateStoreContext(), freshSubjects);
        CohortState fresh = new CohortState(freshCounts, freshSubjects);
        deltas.forEach(fresh::apply);
        for (CohortDelta d : more) {
            fresh.apply(d);
        }
        return fresh;
    }

    /** A store's contents, values as text, in key order. */
    private static java.util.SortedMap<String, String> dump(KeyValueStore<String, ?> store) {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value instanceof int[] c ? java.util.Arrays.toString(c)
                    : java.util.HexFormat.of().formatHex((byte[]) kv.value)));
        }
        return out;
    }

    private static List<String> keys(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}

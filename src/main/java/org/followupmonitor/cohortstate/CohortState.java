package org.followupmonitor.cohortstate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.followupmonitor.analysis.AnalysisDefinition;
import org.followupmonitor.analysis.CohortCounts;

/**
 * The cohort stage's state: every analysis' cohort as the sum of the shares the input partitions send
 * ({@link CohortDelta}), held durably in two stores and, for reading, in memory. One typed API: {@link #apply} a
 * delta, {@link #restore} an analysis when a task starts, {@link #read} its counts, {@link #subjects} its subjects.
 *
 * <p>Stores (keys from {@link CohortKeys}, values in {@link CohortCodec}'s format):
 * <ul>
 *   <li>{@code cohort-state}, per analysis × source partition: kind {@code c} a risk-set block (group × stratum ×
 *       block of {@link CohortDelta#BLOCK_DAYS} days, its counts per day); kind {@code x} an exclusion flag's count
 *       ({@code [count, 0]}); kind {@code t} the source's clock ({@code [epoch day, 1]}); kind {@code p} present
 *       while the source's multi-record delta is half applied ({@code [1, 0]}). The small values share the block's
 *       encoding (one row of two counts), so the store has one value format.</li>
 *   <li>{@code cohort-subjects}, per analysis × source × subject hash (kind {@code s}): the {@link SubjectEntry}, its
 *       labels (group, stratum, covariate names and levels) by number; per analysis × code (kind {@code d}): the
 *       label of that number ({@link Labels}), written before the first entry that uses it.</li>
 * </ul>
 * The stores are the durable copy; the summed blocks ({@link BlockMirror}) and the subjects ({@link SubjectTable}, in
 * columns with the parts that repeat across subjects shared: {@link SubjectCanon}) are mirrored in memory, rebuilt by
 * {@link #restore}, so a recomputation reads memory instead of decoding the cohort from RocksDB.
 *
 * <p>Every value of a delta is absolute for (source, key), so applying one twice changes nothing, and a reset
 * replaces all its source sent before.
 */
public final class CohortState {
    /** What applying a delta changed in an analysis. */
    public enum Change {
        /** Nothing: its result stands. */
        NONE,
        /** Counts, exclusions or the clock, not its subjects. */
        COUNTS,
        /** Its subjects (and perhaps counts): the subject-level parts need a refresh too. */
        SUBJECTS
    }

    /**
     * One analysis' cohort as a recomputation reads it.
     *
     * @param counts the risk-set counts summed over the sources
     * @param excluded per data-quality flag, the subjects excluded (flags with none absent)
     * @param asOf the latest date any subject was seen (ISO), null when none
     */
    public record Counts(CohortCounts counts, Map<String, Integer> excluded, String asOf) {}

    private final KeyValueStore<String, int[]> store;
    private final KeyValueStore<String, byte[]> subjectStore;
    /** Per analysis: the labels its entries in {@code cohort-subjects} name by number, read from there when first used. */
    private final Map<String, Labels> labels = new HashMap<>();
    private final BlockMirror blocks = new BlockMirror();
    /** Per analysis: its subjects, a copy of {@code cohort-subjects} (in columns; shared parts: {@link #canon}). */
    private final Map<String, SubjectTable> subjects = new HashMap<>();
    /** Shares the repeating parts of the entries held in {@link #subjects}, which dominate the heap at scale. */
    private final SubjectCanon canon = new SubjectCanon();
    /**
     * Pending keys ({@link CohortKeys#pending}) of (analysis, source) pairs whose reset without a range (the format of
     * builds before ranges; a ranged reset needs no such state) is under way: the memory copy
     * marks the source's subjects until the reset sends them again ({@link SubjectTable#markSource}). Memory only: a
     * task that restarts mid-reset reads the store back, where the reset already dropped the source's subjects.
     */
    private final Set<String> resetting = new HashSet<>();
    /** Pending keys ({@link CohortKeys#pending}) of (analysis, source) pairs whose multi-record delta is half in. */
    private final Set<String> incomplete = new HashSet<>();

    /**
     * @param store the {@code cohort-state} store ({@link CohortCodec#blockCounts()})
     * @param subjectStore the {@code cohort-subjects} store (bytes: {@link CohortCodec#encodeEntry},
     *     {@link CohortCodec#encodeLabel})
     */
    public CohortState(KeyValueStore<String, int[]> store, KeyValueStore<String, byte[]> subjectStore) {
        this.store = store;
        this.subjectStore = subjectStore;
    }

    /**
     * Rebuilds the in-memory copy of one analysis from the stores (when a task starts, after they are restored).
     *
     * @return whether the stores hold anything of the analysis
     */
    public boolean restore(String analysis) {
        boolean hasData;
        try (KeyValueIterator<String, int[]> it = store.prefixScan(analysis + CohortKeys.SEP, KEYS)) {
            hasData = it.hasNext();
        }
        String cellPrefix = CohortKeys.prefix(analysis, "c");
        try (KeyValueIterator<String, int[]> it = store.prefixScan(cellPrefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, int[]> kv = it.next();
                String[] p = CohortKeys.parts(kv.key, cellPrefix); // source, group, stratum, block
                blocks.put(analysis, Integer.parseInt(p[0]), p[1], p[2], Integer.parseInt(p[3]), kv.value);
            }
        }
        SubjectTable mine = new SubjectTable(canon);
        labels.remove(analysis);
        Labels names = labels(analysis);
        String subjectPrefix = CohortKeys.prefix(analysis, "s");
        try (KeyValueIterator<String, byte[]> it = subjectStore.prefixScan(subjectPrefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String[] p = CohortKeys.parts(kv.key, subjectPrefix); // source, subject
                mine.put(Integer.parseInt(p[0]), p[1], CohortCodec.decodeEntry(kv.value, names));
            }
        }
        subjects.put(analysis, mine);
        try (KeyValueIterator<String, int[]> it = store.prefixScan(CohortKeys.prefix(analysis, "p"), KEYS)) {
            it.forEachRemaining(kv -> incomplete.add(kv.key));
        }
        return hasData;
    }

    /**
     * Applies one source partition's delta: absolute values replace what that source sent before. A record of a
     * ranged reset ({@link CohortDelta#range}) replaces the part of the source it covers; a reset without a range
     * (the format of builds before ranges) drops all the source sent before at its first record.
     */
    public Change apply(CohortDelta delta) {
        if (delta.range() != null) {
            return applyRanged(delta);
        }
        String a = delta.analysis();
        int src = delta.source();
        int dropped = 0;
        if (delta.reset()) {
            for (String kind : List.of("c", "x", "t", "p")) {
                dropped += deletePrefix(store, CohortKeys.sourcePrefix(a, kind, src));
            }
            deletePrefix(subjectStore, CohortKeys.sourcePrefix(a, "s", src));
            // The store starts the source over; the memory copy keeps its subjects until the reset's last record,
            // so that it can tell whether they changed at all (after a restart the timeline stage sends every
            // subject again, mostly as it was: those need no refresh of the subject-level parts).
            subjects.computeIfAbsent(a, k -> new SubjectTable(canon)).markSource(src);
            resetting.add(CohortKeys.pending(a, src));
            blocks.dropSource(a, src);
            incomplete.remove(CohortKeys.pending(a, src));
        }
        for (CohortDelta.Block b : delta.blocks()) {
            blocks.put(a, src, b.group(), b.stratum(), b.index(), b.counts());
            putOrDelete(CohortKeys.block(a, src, b.group(), b.stratum(), b.index()), b.isEmpty() ? null : b.counts());
        }
        for (CohortDelta.Exclusion x : delta.exclusions()) {
            putOrDelete(CohortKeys.exclusion(a, src, x.flag()), exclusionValue(x));
        }
        if (delta.clockChanged()) {
            putOrDelete(CohortKeys.clock(a, src), clockValue(delta));
        }
        SubjectTable mine = subjects.computeIfAbsent(a, k -> new SubjectTable(canon));
        boolean inReset = resetting.contains(CohortKeys.pending(a, src));
        // Outside a reset the timeline stage sends a subject only when its entry changed (or it left): a change, as
        // it always was. Within one, only an entry that differs from the one held counts.
        boolean subjectsChanged = !inReset && !delta.subjects().isEmpty();
        for (CohortDelta.Subject s : delta.subjects()) {
            String key = CohortKeys.subject(a, src, s.subject());
            if (s.entry() == null) {
                subjectStore.delete(key);
                subjectsChanged |= mine.remove(src, s.subject());
            } else {
                putSubject(a, src, s.subject(), s.entry());
                subjectsChanged |= !s.entry().equals(mine.put(src, s.subject(), s.entry()));
            }
        }
        if (inReset && delta.last()) {
            // The reset is complete: what it did not send again is gone.
            resetting.remove(CohortKeys.pending(a, src));
            subjectsChanged |= mine.removeMarked(src) > 0;
        }
        markIncomplete(CohortKeys.pending(a, src), delta.last());
        // A reset that replaces nothing with nothing (a fresh start) changes no result; one that sends the same
        // subjects again changes only the counts it replaced.
        if (subjectsChanged) {
            return Change.SUBJECTS;
        }
        return dropped > 0 || delta.size() > 0 || delta.clockChanged() && (delta.clock() != null || !delta.reset())
                ? Change.COUNTS : Change.NONE;
    }

    /**
     * One record of a ranged reset: its first record's counts replace the source's (blocks, exclusions, clock), its
     * subjects those the source holds within its range. Only what differs from what is held is written, and only what
     * the record no longer holds is deleted, so the record means the same whatever came before it: a task that
     * restarts mid-reset, and then reads either the reset's remaining records or a whole new reset, ends where it
     * would have without the restart. The in-memory copies equal the stores throughout, so they are what is compared.
     */
    private Change applyRanged(CohortDelta delta) {
        String a = delta.analysis();
        int src = delta.source();
        String pendingKey = CohortKeys.pending(a, src);
        SubjectTable mine = subjects.computeIfAbsent(a, k -> new SubjectTable(canon));
        boolean subjectsChanged = false;
        boolean countsChanged;
        if (delta.reset()) {
            // A reset without a range that never completed (its sender restarted) left marked subjects in memory that
            // the store no longer holds: drop them, so that memory equals the store again before comparing with it.
            if (resetting.remove(pendingKey)) {
                subjectsChanged = mine.removeMarked(src) > 0;
            }
            countsChanged = replaceCounts(delta);
        } else {
            countsChanged = putCounts(delta);
        }
        Set<String> listed = new HashSet<>(delta.subjects().size() * 2);
        for (CohortDelta.Subject s : delta.subjects()) {
            listed.add(s.subject());
        }
        // What the source holds in the range and the record does not list is gone. Subject keys under one source
        // prefix sort as CohortKeys.SUBJECT_ORDER, so the range is one range scan (the store's range includes its
        // upper bound: skipped).
        String prefix = CohortKeys.sourcePrefix(a, "s", src);
        CohortDelta.Range range = delta.range();
        String lower = prefix + range.from();
        String upper = range.to() == null ? CohortKeys.sourceEnd(a, "s", src) : prefix + range.to();
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = subjectStore.range(lower, upper)) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (!key.equals(upper) && key.startsWith(prefix) && !listed.contains(key.substring(prefix.length()))) {
                    gone.add(key);
                }
            }
        }
        for (String key : gone) {
            subjectStore.delete(key);
            subjectsChanged |= mine.remove(src, key.substring(prefix.length()));
        }
        for (CohortDelta.Subject s : delta.subjects()) {
            if (s.entry() == null) {
                if (mine.remove(src, s.subject())) {
                    subjectStore.delete(CohortKeys.subject(a, src, s.subject()));
                    subjectsChanged = true;
                }
            } else if (!mine.holds(src, s.subject(), s.entry())) {
                putSubject(a, src, s.subject(), s.entry());
                mine.put(src, s.subject(), s.entry());
                subjectsChanged = true;
            }
        }
        // The pending marker withholds the analysis while the reset is half applied. A record that changed nothing
        // leaves the state as consistent as it found it, so the marker is written only once a record changes
        // something (a reset that re-sends what the stores hold then writes nothing at all), and deleted at the last.
        if (delta.last() || subjectsChanged || countsChanged) {
            markIncomplete(pendingKey, delta.last());
        }
        return subjectsChanged ? Change.SUBJECTS : countsChanged ? Change.COUNTS : Change.NONE;
    }

    /**
     * A ranged reset's counts: the source's blocks, exclusions and clock become exactly those sent (the first record
     * carries them all), writing only those that differ and deleting those not sent. Returns whether any changed.
     */
    private boolean replaceCounts(CohortDelta delta) {
        String a = delta.analysis();
        int src = delta.source();
        boolean changed = false;
        Set<BlockMirror.Place> sent = new HashSet<>();
        for (CohortDelta.Block b : delta.blocks()) {
            sent.add(new BlockMirror.Place(b.group(), b.stratum(), b.index()));
        }
        for (BlockMirror.Place p : blocks.placesOf(a, src)) {
            if (!sent.contains(p)) {
                int[] held = blocks.held(a, src, p.group(), p.stratum(), p.index());
                blocks.put(a, src, p.group(), p.stratum(), p.index(), new int[held.length]);
                store.delete(CohortKeys.block(a, src, p.group(), p.stratum(), p.index()));
                changed = true;
            }
        }
        changed |= putBlocks(delta);
        Map<String, CohortDelta.Exclusion> sentFlags = new HashMap<>();
        delta.exclusions().forEach(x -> sentFlags.put(x.flag(), x));
        String exPrefix = CohortKeys.sourcePrefix(a, "x", src);
        List<String> flagsGone = new ArrayList<>();
        try (KeyValueIterator<String, int[]> it = store.prefixScan(exPrefix, KEYS)) {
            while (it.hasNext()) {
                String flag = it.next().key.substring(exPrefix.length());
                if (!sentFlags.containsKey(flag)) {
                    flagsGone.add(flag);
                }
            }
        }
        for (String flag : flagsGone) {
            store.delete(CohortKeys.exclusion(a, src, flag));
            changed = true;
        }
        changed |= putExclusions(delta);
        if (!delta.clockChanged()) {
            return changed;
        }
        return putClock(delta) || changed;
    }

    /** The counts of a delta that is not a reset, as absolute values; returns whether any differed from those held. */
    private boolean putCounts(CohortDelta delta) {
        boolean changed = putBlocks(delta);
        changed |= putExclusions(delta);
        return delta.clockChanged() ? putClock(delta) || changed : changed;
    }

    private boolean putBlocks(CohortDelta delta) {
        String a = delta.analysis();
        int src = delta.source();
        boolean changed = false;
        for (CohortDelta.Block b : delta.blocks()) {
            int[] held = blocks.held(a, src, b.group(), b.stratum(), b.index());
            int[] counts = b.counts();
            if (b.isEmpty() ? held != null : !Arrays.equals(held, counts)) {
                blocks.put(a, src, b.group(), b.stratum(), b.index(), counts);
                putOrDelete(CohortKeys.block(a, src, b.group(), b.stratum(), b.index()), b.isEmpty() ? null : counts);
                changed = true;
            }
        }
        return changed;
    }

    private boolean putExclusions(CohortDelta delta) {
        boolean changed = false;
        for (CohortDelta.Exclusion x : delta.exclusions()) {
            String key = CohortKeys.exclusion(delta.analysis(), delta.source(), x.flag());
            int[] value = exclusionValue(x);
            if (!Arrays.equals(store.get(key), value)) {
                putOrDelete(key, value);
                changed = true;
            }
        }
        return changed;
    }

    private boolean putClock(CohortDelta delta) {
        String key = CohortKeys.clock(delta.analysis(), delta.source());
        int[] value = clockValue(delta);
        if (Arrays.equals(store.get(key), value)) {
            return false;
        }
        putOrDelete(key, value);
        return true;
    }

    /** An exclusion count as stored: null (no key) for none. */
    private static int[] exclusionValue(CohortDelta.Exclusion x) {
        return x.count() == 0 ? null : new int[] {x.count(), 0};
    }

    /** A source's clock as stored: epoch days (they fit an int for any date a registry holds), then 1 for present. */
    private static int[] clockValue(CohortDelta delta) {
        return delta.clock() == null ? null
                : new int[] {Math.toIntExact(LocalDate.parse(delta.clock()).toEpochDay()), 1};
    }

    /** Writes a subject's entry, after the labels it numbers first (the changelog never holds an entry without them). */
    private void putSubject(String analysis, int source, String subject, SubjectEntry entry) {
        Labels names = labels(analysis);
        int known = names.size();
        byte[] value = CohortCodec.encodeEntry(entry, names);
        for (int code = known + 1; code <= names.size(); code++) {
            subjectStore.put(CohortKeys.label(analysis, code), CohortCodec.encodeLabel(names.label(code)));
        }
        subjectStore.put(CohortKeys.subject(analysis, source, subject), value);
    }

    /** The pending marker of a multi-record delta: present from its first record until its last. */
    private void markIncomplete(String pendingKey, boolean last) {
        if (!last && incomplete.add(pendingKey)) {
            store.put(pendingKey, new int[] {1, 0});
        } else if (last && incomplete.remove(pendingKey)) {
            store.delete(pendingKey);
        }
    }

    /** Whether half of a source's multi-record delta is in: the analysis is not published until the rest is. */
    public boolean waiting(String analysis) {
        if (incomplete.isEmpty()) {
            return false;
        }
        String prefix = CohortKeys.prefix(analysis, "p");
        return incomplete.stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** The analysis' counts, exclusions and clock, summed over its sources. */
    public Counts read(AnalysisDefinition def) {
        String a = def.name();
        CohortCounts.Builder counts = CohortCounts.builder(def.groupBy(), def.endpoint().causeCount());
        blocks.forEachCell(a, counts::addDays);
        Map<String, Integer> excluded = new TreeMap<>();
        String exPrefix = CohortKeys.prefix(a, "x");
        try (KeyValueIterator<String, int[]> it = store.prefixScan(exPrefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, int[]> kv = it.next();
                excluded.merge(CohortKeys.parts(kv.key, exPrefix)[1], kv.value[0], Integer::sum);
            }
        }
        long latest = Long.MIN_VALUE;
        try (KeyValueIterator<String, int[]> it = store.prefixScan(CohortKeys.prefix(a, "t"), KEYS)) {
            while (it.hasNext()) {
                latest = Math.max(latest, it.next().value[0]);
            }
        }
        String asOf = latest == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(latest).toString();
        return new Counts(counts.build(), excluded, asOf);
    }

    /**
     * The analysis' subjects now, in no particular order (no part depends on it): an unmodifiable snapshot that costs
     * a copy of the table's columns ({@link SubjectTable#snapshot}), so a refresh on another thread may read it while
     * the state changes. Its entries are made as they are read: read each once.
     */
    public List<SubjectEntry> subjects(String analysis) {
        SubjectTable held = subjects.get(analysis);
        return held == null ? List.of() : held.snapshot();
    }

    /** The analysis' label table, read from {@code cohort-subjects} when first used. */
    private Labels labels(String analysis) {
        return labels.computeIfAbsent(analysis, a -> {
            String prefix = CohortKeys.prefix(a, "d");
            TreeMap<Integer, String> found = new TreeMap<>();
            try (KeyValueIterator<String, byte[]> it = subjectStore.prefixScan(prefix, KEYS)) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    found.put(Integer.parseInt(CohortKeys.parts(kv.key, prefix)[0]), CohortCodec.decodeLabel(kv.value));
                }
            }
            Labels table = new Labels(Labels.STORE_LIMIT);
            found.forEach(table::restore);
            return table;
        });
    }

    private static final org.apache.kafka.common.serialization.Serializer<String> KEYS = Serdes.String().serializer();

    /** Null deletes: a tombstone in the changelog, so nothing of a removed subject remains. */
    private void putOrDelete(String key, int[] value) {
        if (value == null) {
            store.delete(key);
        } else {
            store.put(key, value);
        }
    }

    /** Deletes every key under the prefix; returns how many there were. */
    private static <V> int deletePrefix(KeyValueStore<String, V> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
        return keys.size();
    }
}

package org.followupmonitor.cohortstate;

import java.util.Arrays;
import java.util.List;

/**
 * One analysis' subjects in memory, by (source partition, subject hash): the in-memory copy of its part of
 * {@code cohort-subjects} that {@link CohortState} keeps for the subject-level parts of a result.
 *
 * <p>Why not a {@code HashMap} of store keys: at 10^6 patients in seven analyses, each entry's key string (analysis,
 * kind, source and a 32-digit hash: ~110 bytes) and map node (32) cost more than the entry. Here the entries sit in
 * columns by slot ({@link SubjectColumns}), their keys in primitive columns beside them (a hash of 32 hex digits packed
 * in two longs), and an open-addressing index maps a key to its slot: about 40 bytes a subject for the key. The columns
 * also make {@link #snapshot} a few array copies rather than a walk over every subject on the stream thread at each
 * refresh.
 *
 * <p>Slots are dense: removing a subject moves the last one into its slot, so there is no order (no part depends on
 * one). Not thread-safe; a {@link #snapshot} may be read on any thread.
 */
final class SubjectTable {
    /** No slot: an empty cell of the index. */
    private static final int EMPTY = -1;

    private final SubjectColumns entries;
    /** Per slot: the subject hash packed when it is 32 lowercase hex digits (see {@link #others}). */
    private long[] highs = new long[8];
    private long[] lows = new long[8];
    /**
     * Per slot: the subject as given when it is not 32 lowercase hex digits, else null; null until one is not (the
     * monitor's subjects are hashes: a column of nulls would cost 4 bytes a subject).
     */
    private String[] others;
    private int[] sources = new int[8];
    /** Per slot: marked by a reset under way and not sent again by it yet ({@link #markSource}). */
    private boolean[] marked = new boolean[8];
    private int size;
    /** Open addressing, linear probing: cells hold a slot or {@link #EMPTY}; at most half full. */
    private int[] index = newIndex(16);

    /** An empty table whose entries share their repeating parts through {@code canon}. */
    SubjectTable(SubjectCanon canon) {
        entries = new SubjectColumns(canon, 8);
    }

    /** Subjects held. */
    int size() {
        return size;
    }

    /** Holds the entry for (source, subject), replacing the one held before; returns that one, or null. */
    SubjectEntry put(int source, String subject, SubjectEntry entry) {
        Key key = Key.of(source, subject);
        int cell = find(key);
        if (index[cell] != EMPTY) {
            SubjectEntry before = entries.entry(index[cell]);
            entries.set(index[cell], entry);
            marked[index[cell]] = false;
            return before;
        }
        if (size == highs.length) {
            grow();
        }
        int slot = size++;
        entries.set(slot, entry);
        highs[slot] = key.high;
        lows[slot] = key.low;
        if (key.other != null || others != null) {
            others = others == null ? new String[highs.length] : others;
            others[slot] = key.other;
        }
        sources[slot] = source;
        marked[slot] = false;
        index[cell] = slot;
        if (2 * size > index.length) {
            rehash(index.length * 2);
        }
        return null;
    }

    /** The entry held for (source, subject), or null. */
    SubjectEntry get(int source, String subject) {
        int cell = find(Key.of(source, subject));
        return index[cell] == EMPTY ? null : entries.entry(index[cell]);
    }

    /**
     * Whether the entry held for (source, subject) equals {@code entry}: {@code entry.equals(get(source, subject))}
     * without making the held entry ({@link SubjectColumns#holds}).
     */
    boolean holds(int source, String subject, SubjectEntry entry) {
        int cell = find(Key.of(source, subject));
        return index[cell] != EMPTY && entries.holds(index[cell], entry);
    }

    /** Drops (source, subject); returns whether it was held. */
    boolean remove(int source, String subject) {
        int cell = find(Key.of(source, subject));
        if (index[cell] == EMPTY) {
            return false;
        }
        removeAt(cell);
        return true;
    }

    /** Drops every subject of the source partition; returns how many. */
    int removeSource(int source) {
        markSource(source);
        return removeMarked(source);
    }

    /**
     * Marks every subject of the source: a reset of the source is under way. {@link #put} takes a subject's mark off
     * (the reset sent it again), {@link #removeMarked} drops the subjects still marked when the reset is complete.
     */
    void markSource(int source) {
        for (int slot = 0; slot < size; slot++) {
            if (sources[slot] == source) {
                marked[slot] = true;
            }
        }
    }

    /** Drops the subjects of the source still marked ({@link #markSource}); returns how many. */
    int removeMarked(int source) {
        int removed = 0;
        for (int slot = size - 1; slot >= 0; slot--) {
            if (sources[slot] == source && marked[slot]) {
                removeAt(find(keyAt(slot)));
                removed++;
            }
        }
        return removed;
    }

    /**
     * The entries held now, in no order: a copy of the columns ({@link SubjectColumns#snapshot}), so it stays as it is
     * while the table changes. Unmodifiable; each entry is made when it is read.
     */
    List<SubjectEntry> snapshot() {
        return entries.snapshot(size);
    }

    /** A subject key: the hash packed in two longs, or kept as a string when it is not 32 lowercase hex digits. */
    private record Key(int source, long high, long low, String other) {
        static Key of(int source, String subject) {
            if (subject.length() == 32 && isLowerHex(subject)) {
                return new Key(source, Long.parseUnsignedLong(subject, 0, 16, 16),
                        Long.parseUnsignedLong(subject, 16, 32, 16), null);
            }
            return new Key(source, 0, 0, subject);
        }

        private static boolean isLowerHex(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return false;
                }
            }
            return true;
        }

        int cellHash() {
            long h = high * 0x9E3779B97F4A7C15L ^ low ^ ((long) source << 32)
                    ^ (other == null ? 0 : other.hashCode());
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            return (int) (h ^ h >>> 32);
        }
    }

    private Key keyAt(int slot) {
        return new Key(sources[slot], highs[slot], lows[slot], others == null ? null : others[slot]);
    }

    private boolean matches(int slot, Key key) {
        return sources[slot] == key.source && highs[slot] == key.high && lows[slot] == key.low
                && java.util.Objects.equals(others == null ? null : others[slot], key.other);
    }

    /** The cell holding the key's slot, or the empty cell where it would go. */
    private int find(Key key) {
        int mask = index.length - 1;
        int cell = key.cellHash() & mask;
        while (index[cell] != EMPTY && !matches(index[cell], key)) {
            cell = (cell + 1) & mask;
        }
        return cell;
    }

    /** Removes the subject whose slot is in {@code cell}: its slot takes the last subject, its cell is freed. */
    private void removeAt(int cell) {
        int slot = index[cell];
        deleteCell(cell);
        int last = --size;
        if (slot != last) {
            int lastCell = find(keyAt(last));
            entries.move(last, slot);
            highs[slot] = highs[last];
            lows[slot] = lows[last];
            if (others != null) {
                others[slot] = others[last];
            }
            sources[slot] = sources[last];
            marked[slot] = marked[last];
            index[lastCell] = slot;
        }
        entries.clear(last);
        if (others != null) {
            others[last] = null;
        }
    }

    /**
     * Frees a cell of the index, moving back any later cell of the same probe run whose home is at or before it, so
     * every key stays reachable from its home without tombstones (Knuth, TAOCP vol. 3, 6.4, Algorithm R).
     */
    private void deleteCell(int cell) {
        int mask = index.length - 1;
        int hole = cell;
        int next = (hole + 1) & mask;
        while (index[next] != EMPTY) {
            int home = keyAt(index[next]).cellHash() & mask;
            // Move it when its home is not cyclically within (hole, next].
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        index[hole] = EMPTY;
    }

    private void grow() {
        int n = highs.length + (highs.length >> 1) + 1;
        entries.resize(n);
        highs = Arrays.copyOf(highs, n);
        lows = Arrays.copyOf(lows, n);
        others = others == null ? null : Arrays.copyOf(others, n);
        sources = Arrays.copyOf(sources, n);
        marked = Arrays.copyOf(marked, n);
    }

    private void rehash(int cells) {
        index = newIndex(cells);
        int mask = cells - 1;
        for (int slot = 0; slot < size; slot++) {
            int cell = keyAt(slot).cellHash() & mask;
            while (index[cell] != EMPTY) {
                cell = (cell + 1) & mask;
            }
            index[cell] = slot;
        }
    }

    private static int[] newIndex(int cells) {
        int[] index = new int[cells];
        Arrays.fill(index, EMPTY);
        return index;
    }
}

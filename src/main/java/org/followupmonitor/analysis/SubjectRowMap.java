package org.followupmonitor.analysis;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The covariate maps of a {@link SubjectRow} (factors, numbers, switch days): immutable, iterated in key order, held as
 * two arrays. The streaming app keeps a row per subject per analysis in memory, and a {@code TreeMap} per map (with its
 * entries and an unmodifiable wrapper, ~190 bytes for three factors) was most of a row's heap; this holds the same in
 * ~70 bytes, and rows with equal maps may share one instance ({@code cohortstate.SubjectCanon}).
 *
 * <p>Equal to any {@link Map} with the same entries ({@link AbstractMap#equals}); unmodifiable: every mutator throws
 * {@link UnsupportedOperationException}.
 *
 * @param <V> the value type
 */
final class SubjectRowMap<V> extends AbstractMap<String, V> {
    private static final SubjectRowMap<?> EMPTY = new SubjectRowMap<>(new String[0], new Object[0]);

    /** Keys in {@link String#compareTo} order, no duplicates, no null. */
    private final String[] keys;
    private final Object[] values;

    private SubjectRowMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * The map's entries in key order: {@code map} itself when it is already one (it cannot change), else a copy.
     *
     * @throws NullPointerException for a null key, as a {@code TreeMap} would
     */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> of(Map<String, V> map) {
        if (map instanceof SubjectRowMap<V> same) {
            return same;
        }
        if (map == null || map.isEmpty()) {
            return (Map<String, V>) EMPTY;
        }
        String[] keys = new String[map.size()];
        int n = 0;
        for (String k : map.keySet()) {
            keys[n++] = Objects.requireNonNull(k, "a covariate map has no null key");
        }
        Arrays.sort(keys);
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = map.get(keys[i]);
        }
        return new SubjectRowMap<>(keys, values);
    }

    /**
     * A map of the first {@code n} keys and values, the keys already in {@link String#compareTo} order without
     * duplicates or null (the caller's arrays are copied): how {@link SubjectRows} builds a row's maps without a
     * {@code HashMap} to sort.
     */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> ofSorted(String[] keys, Object[] values, int n) {
        if (n == 0) {
            return (Map<String, V>) EMPTY;
        }
        return new SubjectRowMap<>(Arrays.copyOf(keys, n), Arrays.copyOf(values, n));
    }

    private int indexOf(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        // A row has a handful of covariates: a scan beats a binary search's branches.
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(k)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    /** As {@link AbstractMap#equals}; two of these compare their arrays (rows are compared at every change). */
    @Override
    public boolean equals(Object o) {
        if (o instanceof SubjectRowMap<?> m) {
            return Arrays.equals(keys, m.keys) && Arrays.equals(values, m.values);
        }
        return super.equals(o);
    }

    /** As {@link AbstractMap#hashCode}: the sum of the entries' hashes, without making the entries. */
    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += keys[i].hashCode() ^ Objects.hashCode(values[i]);
        }
        return h;
    }
}

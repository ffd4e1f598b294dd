package org.vmbussim.core.process;

import java.util.Arrays;
import java.util.Objects;

/**
 * A map from {@code long} keys to values kept as two parallel arrays sorted by key: a look-up is a binary search
 * over a {@code long[]}, so it boxes nothing (a {@code TreeMap<Long, V>} made a {@code Long} per
 * {@code floorEntry}, on every user copy and pin of the fast path). Suited to the few, rarely changed entries
 * of an address space's mappings: an insert or removal moves the tail of the arrays.
 *
 * <p>Positions ({@code 0..size()-1}, in key order) let callers walk a key range without an iterator object; a
 * position is only valid until the next insert or removal. Not thread-safe: the owner guards it (the address
 * space's lock).
 *
 * @param <V> the value type
 */
final class SortedLongMap<V> {
    private static final int INITIAL_CAPACITY = 8;

    private long[] keys = new long[INITIAL_CAPACITY];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    /** The number of entries. */
    int size() {
        return size;
    }

    /** The key at a position. */
    long keyAt(final int position) {
        return keys[Objects.checkIndex(position, size)];
    }

    /** The value at a position. */
    @SuppressWarnings("unchecked")
    V valueAt(final int position) {
        return (V) values[Objects.checkIndex(position, size)];
    }

    /** Replaces the value at a position (the key stays). */
    void setValueAt(final int position, final V value) {
        values[Objects.checkIndex(position, size)] = Objects.requireNonNull(value, "value");
    }

    /** The position of the greatest key at most {@code key}, or -1 when every key is greater. */
    int floorPosition(final long key) {
        final int found = Arrays.binarySearch(keys, 0, size, key);
        return found >= 0 ? found : -found - 2;
    }

    /** The position of the greatest key strictly below {@code key}, or -1 when there is none. */
    int lowerPosition(final long key) {
        final int found = Arrays.binarySearch(keys, 0, size, key);
        return found >= 0 ? found - 1 : -found - 2;
    }

    /** The position of the least key at least {@code key}, or {@link #size()} when every key is smaller. */
    int ceilingPosition(final long key) {
        final int found = Arrays.binarySearch(keys, 0, size, key);
        return found >= 0 ? found : -found - 1;
    }

    /** The value of the greatest key at most {@code key}, or null. */
    V floorValue(final long key) {
        final int at = floorPosition(key);
        return at < 0 ? null : valueAt(at);
    }

    /** The value of the greatest key strictly below {@code key}, or null. */
    V lowerValue(final long key) {
        final int at = lowerPosition(key);
        return at < 0 ? null : valueAt(at);
    }

    /** Maps a key to a value, replacing any value it had. */
    void put(final long key, final V value) {
        Objects.requireNonNull(value, "value");
        final int found = Arrays.binarySearch(keys, 0, size, key);
        if (found >= 0) {
            values[found] = value;
            return;
        }
        final int at = -found - 1;
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, 2 * size);
            values = Arrays.copyOf(values, 2 * size);
        }
        System.arraycopy(keys, at, keys, at + 1, size - at);
        System.arraycopy(values, at, values, at + 1, size - at);
        keys[at] = key;
        values[at] = value;
        size++;
    }

    /** Removes the entries at positions {@code [from, to)}. */
    void removeRange(final int from, final int to) {
        Objects.checkFromToIndex(from, to, size);
        System.arraycopy(keys, to, keys, from, size - to);
        System.arraycopy(values, to, values, from, size - to);
        final int newSize = size - (to - from);
        Arrays.fill(values, newSize, size, null); // no stale references keep removed values alive
        size = newSize;
    }

    /** Removes every entry. */
    void clear() {
        Arrays.fill(values, 0, size, null);
        size = 0;
    }
}

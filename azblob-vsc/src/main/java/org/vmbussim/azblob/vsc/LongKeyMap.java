package org.vmbussim.azblob.vsc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A hash map from {@code long} keys to non-null values by open addressing (linear probing, deletion by shifting
 * back), so putting, finding and removing a key allocates nothing: the requests in flight by cookie were a
 * {@code ConcurrentHashMap<Long, ...>}, a boxed key on every admission, completion and removal and a node per
 * request. The table doubles when half full and never shrinks (it is as large as the most requests once in
 * flight).
 *
 * <p>Thread-safe: every method holds this object's monitor, and none calls out while holding it, so it is a leaf
 * lock that can be taken under any other.
 *
 * @param <V> the value type
 */
final class LongKeyMap<V> {
    private static final int INITIAL_CAPACITY = 16;

    /** Keys by slot; meaningful only where {@link #values} is not null. Guarded by this. */
    private long[] keys = new long[INITIAL_CAPACITY];
    /** Values by slot, null for a free slot. Guarded by this. */
    private Object[] values = new Object[INITIAL_CAPACITY];
    /** Guarded by this. */
    private int size;

    /**
     * Maps a key to a value, replacing any value it had.
     *
     * @param key   the key
     * @param value the value, not null
     */
    synchronized void put(final long key, final V value) {
        Objects.requireNonNull(value, "value");
        if (2 * (size + 1) > values.length) {
            grow();
        }
        final int mask = values.length - 1;
        int slot = home(key, mask);
        while (values[slot] != null) {
            if (keys[slot] == key) {
                values[slot] = value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        size++;
    }

    /**
     * The value of a key.
     *
     * @param key the key
     * @return the value, or null when absent
     */
    @SuppressWarnings("unchecked")
    synchronized V get(final long key) {
        final int slot = slotOf(key);
        return slot < 0 ? null : (V) values[slot];
    }

    /**
     * Removes a key.
     *
     * @param key the key
     * @return the value it had, or null when absent
     */
    @SuppressWarnings("unchecked")
    synchronized V remove(final long key) {
        int free = slotOf(key);
        if (free < 0) {
            return null;
        }
        final V removed = (V) values[free];
        values[free] = null;
        size--;
        // Shift back every later entry of the probe run that may no longer be reachable past the hole: an entry
        // moves into the hole unless its home slot lies cyclically in (free, slot].
        final int mask = values.length - 1;
        int slot = free;
        while (true) {
            slot = (slot + 1) & mask;
            if (values[slot] == null) {
                return removed;
            }
            final int home = home(keys[slot], mask);
            final boolean reachable = free <= slot ? free < home && home <= slot : free < home || home <= slot;
            if (!reachable) {
                keys[free] = keys[slot];
                values[free] = values[slot];
                values[slot] = null;
                free = slot;
            }
        }
    }

    /**
     * The number of keys.
     *
     * @return the count
     */
    synchronized int size() {
        return size;
    }

    /**
     * Whether there are no keys.
     *
     * @return true when empty
     */
    synchronized boolean isEmpty() {
        return size == 0;
    }

    /**
     * The values, in no particular order.
     *
     * @return a new list
     */
    @SuppressWarnings("unchecked")
    synchronized List<V> values() {
        final List<V> all = new ArrayList<>(size);
        for (final Object v : values) {
            if (v != null) {
                all.add((V) v);
            }
        }
        return all;
    }

    /** The slot holding a key, or -1. Caller holds the monitor. */
    private int slotOf(final long key) {
        final int mask = values.length - 1;
        int slot = home(key, mask);
        while (values[slot] != null) {
            if (keys[slot] == key) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private void grow() {
        final long[] oldKeys = keys;
        final Object[] oldValues = values;
        keys = new long[2 * oldKeys.length];
        values = new Object[2 * oldValues.length];
        final int mask = values.length - 1;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int slot = home(oldKeys[i], mask);
                while (values[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    /** The first slot probed for a key: a multiplicative hash, so consecutive cookies spread out. */
    private static int home(final long key, final int mask) {
        final long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}

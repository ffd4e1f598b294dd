package org.vmbussim.core.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A statistics counter written by one thread (the ring's owner) and read by any: opaque stores cost
 * a plain store on x86, cannot tear, and become visible to readers promptly, which is all debugfs
 * style counters need. Not for counters with several writers.
 */
final class OpaqueCounter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(OpaqueCounter.class, "value", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long value;

    /** Adds one (owner thread only). */
    void increment() {
        add(1);
    }

    /**
     * Adds to the counter (owner thread only).
     *
     * @param delta the amount
     */
    void add(final long delta) {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + delta);
    }

    /**
     * The current value.
     *
     * @return the count
     */
    long get() {
        return (long) VALUE.getOpaque(this);
    }
}

package org.vmbussim.azblob.vsp.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** Test helper: a UTC clock that moves only when told to. Thread-safe. */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    /**
     * A clock standing at a time.
     *
     * @param start the time
     */
    public ManualClock(final Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /**
     * Moves the clock forward.
     *
     * @param by how far
     */
    public void advance(final Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    /**
     * Sets the clock to a time, forward or back.
     *
     * @param time the new time
     */
    public void set(final Instant time) {
        now.set(time);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}

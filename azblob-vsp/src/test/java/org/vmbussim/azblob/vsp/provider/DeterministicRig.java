package org.vmbussim.azblob.vsp.provider;

import java.util.ArrayList;
import java.util.List;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.sched.DeterministicScheduler;

/**
 * What the deterministic provider tests share: a seeded scheduler, 8 MiB of guest RAM, and the resources a
 * test opens, closed in reverse order (then the scheduler).
 */
final class DeterministicRig {
    final DeterministicScheduler scheduler;
    final GuestMemory memory = ScriptedGuest.newMemory(2048);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    DeterministicRig(final long seed) {
        this.scheduler = new DeterministicScheduler(seed);
    }

    <T extends AutoCloseable> T closing(final T resource) {
        toClose.add(resource);
        return resource;
    }

    /** Closes what the test opened, newest first, then the scheduler. */
    void closeAll() {
        try {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                toClose.get(i).close();
            }
        } catch (final Exception e) {
            throw new IllegalStateException("closing a test resource failed", e);
        } finally {
            scheduler.close();
        }
    }
}

package org.vmbussim.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.sched.Cancellable;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

class SimProcessTest {
    private final GuestMemory memory = GuestMemory.builder().pageCount(32).build();
    private final ProcessTable processes = new ProcessTable(memory);

    @Test
    void spawnHandsOutFreshPidsAndLooksThemUp() {
        final SimProcess a = processes.spawn(Credentials.of(1, 1));
        final SimProcess b = processes.spawn(Credentials.of(2, 2));
        assertEquals(ProcessTable.FIRST_PID, a.pid());
        assertEquals(a.pid(), a.tgid());
        assertEquals(a.pid() + 1, b.pid());
        assertEquals(Optional.of(b), processes.lookup(b.pid()));
        assertEquals(Optional.empty(), processes.lookup(4));
        assertEquals(List.of(a, b), processes.liveProcesses());
        assertNotSame(a.addressSpace(), b.addressSpace());
        a.exit();
        assertEquals(Optional.empty(), processes.lookup(a.pid()));
        assertEquals(List.of(b), processes.liveProcesses());
        // Pids are never reused.
        assertEquals(b.pid() + 1, processes.spawn(Credentials.of(3, 3)).pid());
    }

    @Test
    void tablesAreIndependent() {
        final ProcessTable other = new ProcessTable(memory);
        assertEquals(ProcessTable.FIRST_PID, other.spawn(Credentials.of(0, 0)).pid());
        assertEquals(ProcessTable.FIRST_PID, processes.spawn(Credentials.of(0, 0)).pid());
        assertEquals(2, other.exitAll() + processes.exitAll());
    }

    @Test
    void credentialsAreReplacedNotMutatedAndComparedByIdentity() {
        final Credentials original = Credentials.of(1000, 1000);
        final SimProcess p = processes.spawn(original);
        final Credentials atOpen = p.credentials();
        assertSame(original, atOpen);
        final Credentials sameIds = Credentials.of(1000, 1000);
        p.setCredentials(sameIds);
        assertNotSame(atOpen, p.credentials(), "f_cred == current_cred() must now fail");
        assertTrue(atOpen.sameIdsAs(p.credentials()));
        assertFalse(atOpen.equals(sameIds), "equals is identity");
        assertEquals(1000, atOpen.uid());
        final Credentials root = atOpen.withUid(0);
        assertEquals(0, root.uid());
        assertEquals(1000, atOpen.uid());
        assertEquals(1000, root.gid());
        assertThrows(IllegalArgumentException.class, () -> Credentials.of(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Credentials.of(0, -1));
    }

    @Test
    void threadsShareTheAddressSpaceAndTgidButNotCredentialChanges() {
        final SimProcess main = processes.spawn(Credentials.of(5, 5));
        final SimProcess thread = main.spawnThread();
        assertEquals(main.pid() + 1, thread.pid());
        assertEquals(main.pid(), thread.tgid());
        assertSame(main.addressSpace(), thread.addressSpace());
        assertSame(main.credentials(), thread.credentials());
        thread.setCredentials(Credentials.of(6, 6));
        assertEquals(5, main.credentials().uid());
        assertEquals(2, processes.liveProcesses().size());
        // exit is exit_group: the whole process goes.
        assertTrue(thread.exit());
        assertFalse(main.isAlive());
        assertFalse(main.exit());
        assertTrue(processes.liveProcesses().isEmpty());
    }

    @Test
    void exitListenersRunExactlyOnceInOrderAfterTheAddressSpaceIsGone() {
        final SimProcess main = processes.spawn(Credentials.of(1, 1));
        final SimProcess thread = main.spawnThread();
        main.addressSpace().mmap(4096, Protection.READ_WRITE);
        final List<String> events = new ArrayList<>();
        main.onExit(() -> events.add("main-1 mapped=" + main.addressSpace().mappedPageCount()));
        main.onExit(() -> {
            throw new IllegalStateException("listener failure must not stop the others");
        });
        main.onExit(() -> events.add("main-2"));
        thread.onExit(() -> events.add("thread"));
        final Cancellable cancelled = main.onExit(() -> events.add("cancelled"));
        assertTrue(cancelled.cancel());
        assertFalse(cancelled.cancel());
        assertTrue(main.exit());
        assertFalse(main.exit());
        assertFalse(thread.exit());
        assertEquals(List.of("main-1 mapped=0", "main-2", "thread"), events);
        assertEquals(32, memory.freePageCount());
    }

    @Test
    void cancellingAfterTheListenerRanReportsFalse() {
        final SimProcess p = processes.spawn(Credentials.of(1, 1));
        final AtomicInteger runs = new AtomicInteger();
        final Cancellable registration = p.onExit(runs::incrementAndGet);
        p.exit();
        assertEquals(1, runs.get());
        assertFalse(registration.cancel());
    }

    @Test
    void operationsOnAnExitedProcessFail() {
        final SimProcess p = processes.spawn(Credentials.of(1, 1));
        p.exit();
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> p.onExit(() -> { })).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> p.setCredentials(Credentials.of(2, 2))).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, p::spawnThread).errno());
        assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class,
                () -> p.addressSpace().mmap(4096, Protection.READ_WRITE)).errno());
        assertEquals(1, p.credentials().uid(), "readers still work");
    }
}

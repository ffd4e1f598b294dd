package org.vmbussim.core.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.vmbussim.core.memory.GuestMemory;

/**
 * The tasks of one simulated guest (no statics: several guests coexist in one JVM). Spawns processes with
 * fresh pids, looks tasks up by pid and lists the live ones. Pids start at {@value #FIRST_PID}, increase
 * monotonically and are never reused, so a stale pid can never name a new task. Thread-safe.
 */
public final class ProcessTable {
    /** The first pid handed out. */
    public static final int FIRST_PID = 1000;

    private final GuestMemory memory;
    private final AtomicInteger nextPid = new AtomicInteger(FIRST_PID);
    private final ConcurrentSkipListMap<Integer, SimProcess> live = new ConcurrentSkipListMap<>();

    /**
     * Creates an empty table whose processes map memory from {@code memory}.
     *
     * @param memory the guest's RAM
     */
    public ProcessTable(final GuestMemory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /**
     * The guest memory processes are backed by.
     *
     * @return guest RAM
     */
    public GuestMemory memory() {
        return memory;
    }

    /**
     * Starts a process with an empty address space; its main thread has {@code pid == tgid}.
     *
     * @param credentials its initial credentials
     * @return the main thread
     */
    public SimProcess spawn(final Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        final SimProcess process = SimProcess.newProcess(this, allocatePid(), credentials);
        register(process);
        return process;
    }

    /**
     * Finds a live task.
     *
     * @param pid the task's pid
     * @return the task, or empty when there is none or it has exited
     */
    public Optional<SimProcess> lookup(final int pid) {
        return Optional.ofNullable(live.get(pid));
    }

    /**
     * The live tasks (threads included), by ascending pid.
     *
     * @return a snapshot
     */
    public List<SimProcess> liveProcesses() {
        return new ArrayList<>(live.values());
    }

    /**
     * Exits every live process (test and guest teardown).
     *
     * @return the number of thread groups this call made exit
     */
    public int exitAll() {
        int exited = 0;
        for (final SimProcess task : liveProcesses()) {
            if (task.exit()) {
                exited++;
            }
        }
        return exited;
    }

    int allocatePid() {
        final int pid = nextPid.getAndIncrement();
        if (pid < FIRST_PID) {
            throw new IllegalStateException("pid space exhausted");
        }
        return pid;
    }

    void register(final SimProcess task) {
        live.put(task.pid(), task);
    }

    void unregister(final SimProcess task) {
        live.remove(task.pid(), task);
    }
}

package org.vmbussim.core.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.core.sched.Cancellable;
import org.vmbussim.core.sched.OneShot;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * A simulated user task: a process's main thread ({@code pid == tgid}) or another thread of it
 * ({@link #spawnThread()}), with its credentials and the address space its thread group shares.
 *
 * <p><b>Credentials</b> are per task and replaced, never mutated ({@link #setCredentials}); a new thread
 * starts with the same credentials object as its creator, as Linux {@code copy_creds} does for
 * {@code CLONE_THREAD}. Compare them with {@code ==} (see {@link Credentials}).
 *
 * <p><b>Exit</b> ({@link #exit()}) is {@code exit_group}: every task of the group exits together. It
 * unmaps the whole address space (pinned pages stay alive until unpinned), removes the tasks from the
 * process table and then runs each task's exit listeners once, in registration order, on the exiting
 * thread (they model the release of the task's open files). A listener that throws is logged and the
 * others still run.
 *
 * <p><b>After exit</b> (there is no {@code ESRCH} in our errno set): {@link #setCredentials},
 * {@link #spawnThread} and {@link #onExit} fail with {@link ErrnoException} {@link Errno#EINVAL}; address
 * space operations fail as {@link AddressSpace} documents ({@link Errno#EFAULT}). Read-only accessors keep
 * working. Thread-safe.
 */
public final class SimProcess {
    private static final Logger LOG = LoggerFactory.getLogger(SimProcess.class);

    private final ProcessTable table;
    private final int pid;
    private final TaskGroup group;
    private volatile Credentials credentials;
    /** Guarded by the group's monitor; nothing is added once the group has exited. */
    private final List<OneShot> exitListeners = new ArrayList<>();

    private SimProcess(final ProcessTable table, final int pid, final TaskGroup group,
            final Credentials credentials) {
        this.table = table;
        this.pid = pid;
        this.group = group;
        this.credentials = credentials;
    }

    /** Creates the main thread of a new process (called by {@link ProcessTable#spawn}). */
    static SimProcess newProcess(final ProcessTable table, final int pid, final Credentials credentials) {
        final TaskGroup group = new TaskGroup(pid, new AddressSpace(table.memory(), "pid " + pid));
        final SimProcess leader = new SimProcess(table, pid, group, credentials);
        group.members.add(leader);
        return leader;
    }

    /**
     * The task's id.
     *
     * @return pid, unique within its {@link ProcessTable} and never reused
     */
    public int pid() {
        return pid;
    }

    /**
     * The thread-group id: the pid of the process's main thread (what user space calls the process id).
     *
     * @return tgid
     */
    public int tgid() {
        return group.tgid;
    }

    /**
     * The task's current credentials.
     *
     * @return the credentials object (compare with {@code ==})
     */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * Installs new credentials (Linux {@code commit_creds}); files opened earlier keep the old object, so
     * an identity check against it now fails.
     *
     * @param newCredentials the new credentials
     * @throws ErrnoException {@link Errno#EINVAL} after exit
     */
    public void setCredentials(final Credentials newCredentials) {
        Objects.requireNonNull(newCredentials, "newCredentials");
        synchronized (group) {
            requireAliveLocked("setCredentials");
            credentials = newCredentials;
        }
    }

    /**
     * The address space shared by the thread group.
     *
     * @return the address space (destroyed after exit)
     */
    public AddressSpace addressSpace() {
        return group.addressSpace;
    }

    /**
     * Whether the task has not exited.
     *
     * @return true until {@link #exit()}
     */
    public boolean isAlive() {
        synchronized (group) {
            return !group.exited;
        }
    }

    /**
     * Creates another thread of this process: a new pid, the same tgid, address space and credentials object.
     *
     * @return the new task
     * @throws ErrnoException {@link Errno#EINVAL} after exit
     */
    public SimProcess spawnThread() {
        synchronized (group) {
            requireAliveLocked("spawnThread");
            final SimProcess thread = new SimProcess(table, table.allocatePid(), group, credentials);
            group.members.add(thread);
            table.register(thread);
            return thread;
        }
    }

    /**
     * Registers a listener to run once when this task exits.
     *
     * @param listener the action, run on the exiting thread
     * @return a handle whose {@link Cancellable#cancel()} unregisters it (true if it had not run)
     * @throws ErrnoException {@link Errno#EINVAL} when the task has already exited
     */
    public Cancellable onExit(final Runnable listener) {
        final OneShot registration = new OneShot(Objects.requireNonNull(listener, "listener"));
        synchronized (group) {
            requireAliveLocked("onExit");
            exitListeners.add(registration);
        }
        return () -> {
            final boolean wasPending = registration.cancel();
            if (wasPending) {
                synchronized (group) {
                    exitListeners.remove(registration);
                }
            }
            return wasPending;
        };
    }

    /**
     * Exits the whole thread group ({@code exit_group}): unmaps the address space, removes every task from
     * the process table, then runs each task's exit listeners exactly once.
     *
     * @return true when this call performed the exit; false when the group had already exited
     */
    public boolean exit() {
        final List<SimProcess> tasks;
        synchronized (group) {
            if (group.exited) {
                return false;
            }
            group.exited = true;
            tasks = new ArrayList<>(group.members);
        }
        group.addressSpace.destroy();
        for (final SimProcess task : tasks) {
            table.unregister(task);
        }
        for (final SimProcess task : tasks) {
            task.runExitListeners();
        }
        return true;
    }

    private void runExitListeners() {
        final List<OneShot> listeners;
        synchronized (group) {
            listeners = new ArrayList<>(exitListeners);
            exitListeners.clear();
        }
        for (final OneShot listener : listeners) {
            try {
                listener.run();
            } catch (final RuntimeException e) {
                LOG.warn("exit listener of pid {} threw", pid, e);
            }
        }
    }

    private void requireAliveLocked(final String operation) {
        if (group.exited) {
            throw new ErrnoException(Errno.EINVAL, "pid " + pid + ": " + operation + ": the process has exited");
        }
    }

    @Override
    public String toString() {
        return "SimProcess[pid=" + pid + " tgid=" + group.tgid + " " + credentials + "]";
    }

    /** State shared by the threads of one process; its monitor guards the fields and the tasks' listeners. */
    private static final class TaskGroup {
        final int tgid;
        final AddressSpace addressSpace;
        final List<SimProcess> members = new ArrayList<>();
        boolean exited;

        TaskGroup(final int tgid, final AddressSpace addressSpace) {
            this.tgid = tgid;
            this.addressSpace = addressSpace;
        }
    }
}

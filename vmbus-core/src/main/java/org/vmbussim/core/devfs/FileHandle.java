package org.vmbussim.core.devfs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * A file descriptor of a simulated process on a device node. Only tasks of the owning process (same
 * thread group) may use it: any other task gets {@code EBADF}, as another process's descriptor number
 * would mean nothing to it. After {@link #close()} every call gets {@code EBADF}. When the owning
 * process exits, its handles are closed.
 */
public final class FileHandle implements AutoCloseable {
    private final String path;
    private final SimProcess owner;
    private final int flags;
    private final OpenFile file;
    private final AtomicBoolean closed = new AtomicBoolean();

    FileHandle(final String path, final SimProcess owner, final int flags, final OpenFile file) {
        this.path = path;
        this.owner = owner;
        this.flags = flags;
        this.file = file;
    }

    /**
     * The path opened.
     *
     * @return e.g. {@code /dev/azure_blob}
     */
    public String path() {
        return path;
    }

    /**
     * The process that opened it.
     *
     * @return the opening task
     */
    public SimProcess owner() {
        return owner;
    }

    /**
     * The open flags.
     *
     * @return flags
     */
    public int flags() {
        return flags;
    }

    /**
     * {@code ioctl(fd, command, arg)} from a task of the owning process.
     *
     * @param caller  the calling task
     * @param command the command
     * @param arg     the argument
     * @return the return value
     * @throws ErrnoException {@code EBADF} for a closed handle or a foreign task, else the driver's errno
     */
    public long ioctl(final SimProcess caller, final int command, final long arg) {
        checkUsableBy(caller);
        return file.ioctl(caller, command, arg);
    }

    /**
     * Asynchronous submission of an ioctl command.
     *
     * @param caller  the calling task
     * @param command the command
     * @param arg     the argument
     * @return the future result
     */
    public CompletableFuture<Long> submit(final SimProcess caller, final int command, final long arg) {
        try {
            checkUsableBy(caller);
        } catch (final ErrnoException e) {
            return CompletableFuture.failedFuture(e);
        }
        return file.submit(caller, command, arg);
    }

    /**
     * Whether the handle is still open.
     *
     * @return true until closed
     */
    public boolean isOpen() {
        return !closed.get();
    }

    /** Closes the handle (idempotent); the driver's {@code release} runs once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            file.release();
        }
    }

    private void checkUsableBy(final SimProcess caller) {
        if (closed.get()) {
            throw new ErrnoException(Errno.EBADF, path + ": handle is closed");
        }
        if (caller.tgid() != owner.tgid()) {
            throw new ErrnoException(Errno.EBADF, path + ": handle of process " + owner.tgid()
                    + " used by process " + caller.tgid());
        }
    }
}

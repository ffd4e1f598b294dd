package org.vmbussim.core.devfs;

import java.util.concurrent.CompletableFuture;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.ErrnoException;

/**
 * A driver's state for one open file ({@code struct file} with its {@code private_data}). Calls come
 * from tasks of the process that opened it; {@link FileHandle} checks that before calling.
 */
public interface OpenFile {

    /**
     * {@code unlocked_ioctl}: runs a command synchronously.
     *
     * @param caller  the calling task
     * @param command the ioctl command number
     * @param arg     the argument (a user virtual address for our commands)
     * @return the non-negative return value
     * @throws ErrnoException for a failed call
     */
    long ioctl(SimProcess caller, int command, long arg);

    /**
     * Submits a command without blocking the caller (the io_uring-style path): the same checks as
     * {@link #ioctl}, the result delivered as a future. The default runs {@link #ioctl} inline.
     *
     * @param caller  the calling task
     * @param command the ioctl command number
     * @param arg     the argument
     * @return a future completing with the return value, or exceptionally with an {@link ErrnoException}
     */
    default CompletableFuture<Long> submit(final SimProcess caller, final int command, final long arg) {
        try {
            return CompletableFuture.completedFuture(ioctl(caller, command, arg));
        } catch (final ErrnoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code release}: the last handle to the file was closed. Must not block without a bound. */
    void release();
}

package org.vmbussim.uapi;

import java.util.Objects;

/**
 * An operation failed with an errno, as the kernel would return it to user space. Thrown by the
 * simulated system-call layer; carries the errno and a message saying which check failed.
 */
public class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /**
     * Creates the exception.
     *
     * @param errno   the error
     * @param message which check failed, with the values involved
     */
    public ErrnoException(final Errno errno, final String message) {
        super(errno + ": " + message);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /**
     * Creates the exception with a cause.
     *
     * @param errno   the error
     * @param message which check failed
     * @param cause   the underlying failure
     */
    public ErrnoException(final Errno errno, final String message, final Throwable cause) {
        super(errno + ": " + message, cause);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /**
     * The errno.
     *
     * @return the error
     */
    public Errno errno() {
        return errno;
    }
}

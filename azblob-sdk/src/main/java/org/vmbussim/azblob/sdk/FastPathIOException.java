package org.vmbussim.azblob.sdk;

import java.io.IOException;
import org.vmbussim.azblob.client.BlobFastPathException;
import org.vmbussim.uapi.Errno;

/**
 * A request that could not be carried for a reason that may pass (timeout, reset, refused connection,
 * interruption, a busy device). It is an {@link IOException} so that the SDK's retry policy retries it, as it
 * would a network failure; every other failure stays a {@link BlobFastPathException} and is not retried.
 */
public final class FastPathIOException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /**
     * Wraps a transport failure.
     *
     * @param cause the failure, whose errno is kept
     */
    public FastPathIOException(final BlobFastPathException cause) {
        super(cause.getMessage(), cause);
        this.errno = cause.errno();
    }

    /**
     * Why the request was not carried.
     *
     * @return the errno
     */
    public Errno errno() {
        return errno;
    }

    /**
     * Whether a failure with this errno may pass, so that the SDK should retry.
     *
     * @param errno the errno, or null for a carried request
     * @return true for ETIMEDOUT, ECONNRESET, ECONNREFUSED, EINTR, EAGAIN, EBUSY, EIO and ENODEV
     */
    public static boolean isTransient(final Errno errno) {
        if (errno == null) {
            return false;
        }
        return switch (errno) {
            case ETIMEDOUT, ECONNRESET, ECONNREFUSED, EINTR, EAGAIN, EBUSY, EIO, ENODEV -> true;
            default -> false;
        };
    }
}

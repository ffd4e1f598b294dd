package org.vmbussim.mgmt.scenario;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/** How a failure reads in a transcript: the errno alone when there is one, so goldens do not pin messages. */
final class Outcome {

    private Outcome() {
    }

    /** The failure with {@link CompletionException} and {@link ExecutionException} wrappers taken off. */
    static Throwable unwrap(final Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The errno of a failure, or null when it has none. */
    static Errno errno(final Throwable error) {
        return unwrap(error) instanceof ErrnoException e ? e.errno() : null;
    }

    /** {@code error ENODEV}, or {@code error IllegalStateException: message} for a failure without an errno. */
    static String describe(final Throwable error) {
        final Throwable t = unwrap(error);
        final Errno errno = errno(t);
        return errno != null ? "error " + errno.name()
                : "error " + t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

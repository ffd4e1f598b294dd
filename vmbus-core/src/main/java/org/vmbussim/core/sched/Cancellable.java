package org.vmbussim.core.sched;

/**
 * A handle on something that has not happened yet: a timer, a listener registration.
 */
@FunctionalInterface
public interface Cancellable {
    /**
     * Stops it from happening, if it has not started yet.
     *
     * @return true when it was still pending and now never will run; false when it already ran, is
     *         running, or was cancelled before
     */
    boolean cancel();
}

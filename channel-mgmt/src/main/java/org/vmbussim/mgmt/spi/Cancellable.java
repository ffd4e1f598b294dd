package org.vmbussim.mgmt.spi;

/** A scheduled task that may still be cancelled. */
public interface Cancellable {

    /**
     * Cancels the task if it has not started.
     *
     * @return true when this call stopped it from running; false when it already ran, is running, or was
     *         cancelled before
     */
    boolean cancel();
}

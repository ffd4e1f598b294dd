package org.vmbussim.mgmt.bus;

/**
 * One I/O in flight through an {@link IoGate}, from submission to completion. Exactly one of these ends it:
 * the driver's {@link #finish()} when the I/O completes, or the gate's abort (removal timed out), which runs the
 * ticket's abort action instead.
 */
public interface IoTicket {

    /**
     * Ends the I/O normally.
     *
     * @return true when this call ended it; false when it had already been finished or aborted (the abort action
     *         then already ran, and the driver must not complete the request a second time)
     */
    boolean finish();
}

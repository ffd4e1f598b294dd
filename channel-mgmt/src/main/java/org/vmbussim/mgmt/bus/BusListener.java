package org.vmbussim.mgmt.bus;

/** Receives {@link BusEvent}s, on the control executor, in the order they happen. */
@FunctionalInterface
public interface BusListener {

    /**
     * Called for each event. Must not block; an exception is logged and ignored.
     *
     * @param event the event
     */
    void onEvent(BusEvent event);
}

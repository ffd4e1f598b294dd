package org.vmbussim.mgmt.scenario;

import java.util.function.BiFunction;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.wire.Guid;

/** How a {@link BusEvent} reads in a transcript: its kind, the device's label, the relid and the details. */
final class EventText {

    private EventText() {
    }

    /**
     * Formats an event.
     *
     * @param event the event
     * @param names the label of a relid and instance (or the instance when unlabelled)
     * @return e.g. {@code bus probed blob1 relid=1 driver=hv_azure_blob}
     */
    static String format(final BusEvent event, final BiFunction<Integer, Guid, String> names) {
        final String who = names.apply(event.relid(), event.instanceId()) + " relid="
                + Integer.toUnsignedString(event.relid());
        if (event instanceof BusEvent.DeviceAdded e) {
            return "bus device-added " + who + " type=" + Values.name(e.type());
        } else if (event instanceof BusEvent.DeviceProbed e) {
            return "bus probed " + who + " driver=" + e.driverName();
        } else if (event instanceof BusEvent.ProbeFailed e) {
            return "bus probe-failed " + who + " driver=" + e.driverName() + " errno=" + e.errno().name();
        } else if (event instanceof BusEvent.OfferIgnored e) {
            return "bus offer-ignored " + who + " reason=" + Values.name(e.reason());
        } else if (event instanceof BusEvent.SubChannelAdded e) {
            return "bus sub-channel-added " + who + " primary=" + e.primaryRelid() + " index=" + e.subChannelIndex();
        } else if (event instanceof BusEvent.ChannelRescinded) {
            return "bus rescinded " + who;
        } else if (event instanceof BusEvent.DeviceRemoved e) {
            return "bus removed " + who + " driver=" + (e.driverName() == null ? "-" : e.driverName()) + " reason="
                    + Values.name(e.reason()) + " aborted-io=" + e.abortedIo();
        } else if (event instanceof BusEvent.RelidReleased) {
            return "bus relid-released " + who;
        }
        // An event kind added after this formatter: still one line, in the record's own words.
        return "bus " + event;
    }
}

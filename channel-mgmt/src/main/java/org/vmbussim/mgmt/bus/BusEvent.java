package org.vmbussim.mgmt.bus;

import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.Guid;

/**
 * Something that happened on the bus or to an offer, for {@link BusListener}s: what an embedder or a test would
 * otherwise have to scrape from logs. Every event names the channel's relid and its class and instance GUIDs.
 */
public sealed interface BusEvent {

    /**
     * The relid the event is about.
     *
     * @return the relid
     */
    int relid();

    /**
     * The offer's class GUID.
     *
     * @return the GUID
     */
    Guid classId();

    /**
     * The offer's instance GUID.
     *
     * @return the GUID
     */
    Guid instanceId();

    /**
     * A primary channel became a device on the bus.
     *
     * @param relid      the relid
     * @param classId    the class
     * @param instanceId the instance
     * @param type       the device type
     */
    record DeviceAdded(int relid, Guid classId, Guid instanceId, DeviceType type) implements BusEvent {
    }

    /**
     * A driver bound the device.
     *
     * @param relid      the relid
     * @param classId    the class
     * @param instanceId the instance
     * @param driverName the driver
     */
    record DeviceProbed(int relid, Guid classId, Guid instanceId, String driverName) implements BusEvent {
    }

    /**
     * A driver's probe failed or timed out; the device stays unbound.
     *
     * @param relid      the relid
     * @param classId    the class
     * @param instanceId the instance
     * @param driverName the driver
     * @param errno      why (ETIMEDOUT when the probe did not finish in time)
     */
    record ProbeFailed(int relid, Guid classId, Guid instanceId, String driverName, Errno errno)
            implements BusEvent {
    }

    /**
     * The guest did not take an offer.
     *
     * @param relid      the relid
     * @param classId    the class
     * @param instanceId the instance
     * @param reason     why
     */
    record OfferIgnored(int relid, Guid classId, Guid instanceId, IgnoreReason reason) implements BusEvent {
    }

    /**
     * A sub-channel joined its primary.
     *
     * @param relid           the sub-channel's relid
     * @param classId         the class
     * @param instanceId      the instance
     * @param primaryRelid    the primary's relid
     * @param subChannelIndex the index
     */
    record SubChannelAdded(int relid, Guid classId, Guid instanceId, int primaryRelid, int subChannelIndex)
            implements BusEvent {
    }

    /**
     * The host rescinded a channel the guest had.
     *
     * @param relid      the relid
     * @param classId    the class
     * @param instanceId the instance
     */
    record ChannelRescinded(int relid, Guid classId, Guid instanceId) implements BusEvent {
    }

    /**
     * A device was unbound from its driver (and, unless the driver was unregistered, left the bus).
     *
     * @param relid      the relid
     * @param classId    the class
     * @param instanceId the instance
     * @param driverName the driver, or null when none was bound
     * @param reason     why
     * @param abortedIo  I/O still in flight after the drain bound, failed with ENODEV
     */
    record DeviceRemoved(int relid, Guid classId, Guid instanceId, String driverName, RemoveReason reason,
            int abortedIo) implements BusEvent {
    }

    /**
     * The guest sent RELID_RELEASED: the host may reuse the relid.
     *
     * @param relid      the relid
     * @param classId    the class
     * @param instanceId the instance
     */
    record RelidReleased(int relid, Guid classId, Guid instanceId) implements BusEvent {
    }
}

package org.vmbussim.mgmt.message;

/**
 * Constants of the VMBus control protocol (VMBUS-REFERENCE.md §4.1-§4.4).
 */
public final class VmbusProtocol {
    /** {@code HV_MESSAGE_PAYLOAD_BYTE_COUNT} / {@code MAX_SIZE_CHANNEL_MESSAGE}: the largest channel message. */
    public static final int MAX_MESSAGE_PAYLOAD = 240;
    /** {@code HV_HYP_PAGE_SIZE}: the unit of every PFN and page offset on the wire. */
    public static final int HV_PAGE_SIZE = 4096;
    /** The first relid a host hands out. */
    public static final int FIRST_RELID = 1;
    /** {@code INVALID_RELID} (U32_MAX). */
    public static final int INVALID_RELID = 0xFFFF_FFFF;
    /** Linux {@code MAX_CHANNEL_RELIDS}: relids at or above it are refused. */
    public static final int MAX_CHANNEL_RELIDS = 2048;
    /** The first GPADL handle Linux hands out (its global counter starts here). */
    public static final int FIRST_GPADL_HANDLE = 0xE1E10;
    /** {@code VMBUS_MESSAGE_CONNECTION_ID}: where guest messages go (protocol before 5.0). */
    public static final int MESSAGE_CONNECTION_ID = 1;
    /** {@code VMBUS_MESSAGE_CONNECTION_ID_4}: where INITIATE_CONTACT goes for protocol 5.0 and later. */
    public static final int MESSAGE_CONNECTION_ID_4 = 4;
    /** The SINT channel messages arrive on. */
    public static final int MESSAGE_SINT = 2;
    /** {@code VMBUS_CONNECT_CPU}: the VP that receives channel messages and non-performance interrupts. */
    public static final int CONNECT_CPU = 0;
    /** Monitor ids a host can hand out: 4 trigger groups of 32. */
    public static final int MONITOR_ID_COUNT = 128;
    /** Microsoft's PCI vendor id, which Linux gives every VMBus device. */
    public static final int VENDOR_ID_MICROSOFT = 0x1414;

    private VmbusProtocol() {
    }
}

package org.vmbussim.mgmt.message;

import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_initiate_contact} (40 bytes), CHANNELMSG_INITIATE_CONTACT: the guest
 * proposes a protocol version; the host answers with VERSION_RESPONSE (VMBUS-REFERENCE.md §4.4, §4.5).
 *
 * <p>The eight bytes at 16 are a union: before protocol 5.0 they are the u64 {@code interrupt_page}
 * ({@link #INTERRUPT_PAGE_OFFSET}); from 5.0 on they are {@code msg_sint}, {@code msg_vtl} and six reserved
 * bytes, which is what {@link #STRUCT} shows.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      header.msgtype (14)                      |  0
 * |                         header.padding                        |  4
 * |                    vmbus_version_requested                    |  8
 * |                          target_vcpu                          | 12
 * |   msg_sint    |    msg_vtl    |      reserved (6 bytes) ...   | 16
 * |        (before 5.0: interrupt_page, u64 at 16)                | 20
 * |                     monitor_page1 (u64)                       | 24
 * |                     monitor_page2 (u64)                       | 32
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class InitiateContactLayout {
    /** The proposed version, {@code major << 16 | minor}. */
    public static final int VMBUS_VERSION_REQUESTED_OFFSET = ChannelMessageHeaderLayout.LENGTH;
    /** The virtual processor that receives channel messages. */
    public static final int TARGET_VCPU_OFFSET = VMBUS_VERSION_REQUESTED_OFFSET + Integer.BYTES;
    /** Protocol 5.0+: the SINT channel messages arrive on (2). */
    public static final int MSG_SINT_OFFSET = TARGET_VCPU_OFFSET + Integer.BYTES;
    /** Protocol 5.0+: the VTL. */
    public static final int MSG_VTL_OFFSET = MSG_SINT_OFFSET + Byte.BYTES;
    /** Protocol 5.0+: reserved, written 0. */
    public static final int RESERVED_OFFSET = MSG_VTL_OFFSET + Byte.BYTES;
    /** Size of the reserved bytes. */
    public static final int RESERVED_LENGTH = 6;
    /** GPA of the first monitor page. */
    public static final int MONITOR_PAGE1_OFFSET = RESERVED_OFFSET + RESERVED_LENGTH;
    /** GPA of the second monitor page. */
    public static final int MONITOR_PAGE2_OFFSET = MONITOR_PAGE1_OFFSET + Long.BYTES;
    /** Size of the message: 40. */
    public static final int LENGTH = MONITOR_PAGE2_OFFSET + Long.BYTES;

    /** Before protocol 5.0: the u64 interrupt page GPA, the other arm of the union at 16. */
    public static final int INTERRUPT_PAGE_OFFSET = MSG_SINT_OFFSET;

    /** The struct's description (the 5.0+ arm of the union), for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = ChannelMessageHeaderLayout.header(StructLayout.builder(
                    "vmbus_channel_initiate_contact", "CHANNELMSG_INITIATE_CONTACT (14), guest to host"))
            .u32("vmbus_version_requested", VMBUS_VERSION_REQUESTED_OFFSET, "major << 16 | minor")
            .u32("target_vcpu", TARGET_VCPU_OFFSET, "VP that receives channel messages")
            .u8("msg_sint", MSG_SINT_OFFSET, "5.0+: message SINT (2); before 5.0 bytes 16-23 are interrupt_page")
            .u8("msg_vtl", MSG_VTL_OFFSET, "5.0+: VTL")
            .bytes("reserved", RESERVED_OFFSET, RESERVED_LENGTH, "5.0+: reserved, 0")
            .u64("monitor_page1", MONITOR_PAGE1_OFFSET, "GPA of monitor page 1")
            .u64("monitor_page2", MONITOR_PAGE2_OFFSET, "GPA of monitor page 2")
            .build(LENGTH);

    private InitiateContactLayout() {
    }
}

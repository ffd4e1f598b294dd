package org.vmbussim.mgmt.message;

import org.vmbussim.wire.LittleEndian;

/**
 * CHANNELMSG_INITIATE_CONTACT ({@link InitiateContactLayout}): the guest proposes a version. The u64 at 16 is a
 * union, kept raw in {@code interruptPage}: the interrupt page GPA before protocol 5.0, and
 * {@code msg_sint | msg_vtl << 8} from 5.0 on ({@link #msgSint()}, {@link #msgVtl()}).
 *
 * @param versionRequested {@code major << 16 | minor}
 * @param targetVcpu       the VP that receives channel messages
 * @param interruptPage    the raw u64 at offset 16
 * @param monitorPage1     GPA of monitor page 1
 * @param monitorPage2     GPA of monitor page 2
 */
public record InitiateContact(int versionRequested, int targetVcpu, long interruptPage, long monitorPage1,
        long monitorPage2) implements ChannelMessage {

    /**
     * The message a guest sends for a version: from 5.0 on the union holds the SINT and VTL, before it the
     * interrupt page.
     *
     * @param version       the proposed version
     * @param targetVcpu    the VP that receives channel messages
     * @param msgSint       5.0+: the message SINT
     * @param interruptPage before 5.0: the interrupt page GPA
     * @param monitorPage1  GPA of monitor page 1
     * @param monitorPage2  GPA of monitor page 2
     * @return the message
     */
    public static InitiateContact forVersion(final VmbusVersion version, final int targetVcpu, final int msgSint,
            final long interruptPage, final long monitorPage1, final long monitorPage2) {
        final long union = version.atLeast(VmbusVersion.WIN10_V5) ? msgSint & 0xFF : interruptPage;
        return new InitiateContact(version.wireValue(), targetVcpu, union, monitorPage1, monitorPage2);
    }

    static InitiateContact read(final byte[] bytes) {
        return new InitiateContact(MessageBytes.u32(bytes, InitiateContactLayout.VMBUS_VERSION_REQUESTED_OFFSET),
                MessageBytes.u32(bytes, InitiateContactLayout.TARGET_VCPU_OFFSET),
                LittleEndian.getLong(bytes, InitiateContactLayout.INTERRUPT_PAGE_OFFSET),
                LittleEndian.getLong(bytes, InitiateContactLayout.MONITOR_PAGE1_OFFSET),
                LittleEndian.getLong(bytes, InitiateContactLayout.MONITOR_PAGE2_OFFSET));
    }

    /**
     * Protocol 5.0+: the message SINT.
     *
     * @return byte 16
     */
    public int msgSint() {
        return (int) (interruptPage & 0xFF);
    }

    /**
     * Protocol 5.0+: the VTL.
     *
     * @return byte 17
     */
    public int msgVtl() {
        return (int) (interruptPage >>> 8 & 0xFF);
    }

    @Override
    public ChannelMessageType type() {
        return ChannelMessageType.INITIATE_CONTACT;
    }

    @Override
    public byte[] encode() {
        final byte[] bytes = MessageBytes.withU32(type(), InitiateContactLayout.LENGTH, versionRequested);
        LittleEndian.putInt(bytes, InitiateContactLayout.TARGET_VCPU_OFFSET, targetVcpu);
        LittleEndian.putLong(bytes, InitiateContactLayout.INTERRUPT_PAGE_OFFSET, interruptPage);
        LittleEndian.putLong(bytes, InitiateContactLayout.MONITOR_PAGE1_OFFSET, monitorPage1);
        LittleEndian.putLong(bytes, InitiateContactLayout.MONITOR_PAGE2_OFFSET, monitorPage2);
        return bytes;
    }
}

package org.vmbussim.mgmt.message;

/** Server flags of an offer ({@code chn_flags}, VMBUS-REFERENCE.md §4.3). */
public final class ChannelFlags {
    /** {@code VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE}. */
    public static final int ENUMERATE_DEVICE_INTERFACE = 0x1;
    /** {@code VMBUS_CHANNEL_SERVER_SUPPORTS_TRANSFER_PAGES}. */
    public static final int SERVER_SUPPORTS_TRANSFER_PAGES = 0x2;
    /** {@code VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS}. */
    public static final int SERVER_SUPPORTS_GPADLS = 0x4;
    /** {@code VMBUS_CHANNEL_NAMED_PIPE_MODE}: {@code user_def} starts with {@code pipe_mode}. */
    public static final int NAMED_PIPE_MODE = 0x10;
    /** {@code VMBUS_CHANNEL_LOOPBACK_OFFER}. */
    public static final int LOOPBACK_OFFER = 0x100;
    /** {@code VMBUS_CHANNEL_PARENT_OFFER}. */
    public static final int PARENT_OFFER = 0x200;
    /** {@code VMBUS_CHANNEL_REQUEST_MONITORED_NOTIFICATION}. */
    public static final int REQUEST_MONITORED_NOTIFICATION = 0x400;
    /** {@code VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER}: an hv_sock channel. */
    public static final int TLNPI_PROVIDER_OFFER = 0x2000;

    /** Pipe mode: byte stream. */
    public static final int PIPE_MODE_BYTE = 0;
    /** Pipe mode: messages. */
    public static final int PIPE_MODE_MESSAGE = 4;

    private ChannelFlags() {
    }

    /**
     * Linux {@code is_hvsock_channel}: whether the flags mark an hv_sock offer.
     *
     * @param chnFlags the offer's flags
     * @return true when {@link #TLNPI_PROVIDER_OFFER} is set
     */
    public static boolean isHvsock(final int chnFlags) {
        return (chnFlags & TLNPI_PROVIDER_OFFER) != 0;
    }
}

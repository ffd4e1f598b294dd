package org.vmbussim.mgmt.message;

/**
 * The dispatch table of channel messages: every {@code CHANNELMSG_*} id with its minimum length (header
 * included), its direction and the kind of guest handler Linux gives it (5.14-6.x {@code channel_message_table},
 * VMBUS-REFERENCE.md §4.2). Entries are in wire-id order and dense from 0 to {@link #COUNT} - 1, so
 * {@link #fromWire(int)} is an array lookup; ids outside that range have no entry.
 *
 * <p>Where Linux's table says a minimum of 0 (ALLOFFERS_DELIVERED, UNLOAD_RESPONSE), the header's 8 bytes are
 * the minimum here: a message shorter than its header has no type to dispatch on.
 */
public enum ChannelMessageType {
    /** 0: not a message. */
    INVALID(0, ChannelMessageHeaderLayout.LENGTH, MessageDirection.NONE, HandlerKind.NONE),
    /** 1: the host offers a channel. */
    OFFER_CHANNEL(1, OfferChannelLayout.LENGTH, MessageDirection.HOST_TO_GUEST, HandlerKind.BLOCKING),
    /** 2: the host rescinds a channel. */
    RESCIND_CHANNEL_OFFER(2, RescindChannelOfferLayout.LENGTH, MessageDirection.HOST_TO_GUEST, HandlerKind.BLOCKING),
    /** 3: the guest asks for the offers. */
    REQUEST_OFFERS(3, ChannelMessageHeaderLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 4: the host has sent every offer (Linux: a no-op). */
    ALL_OFFERS_DELIVERED(4, ChannelMessageHeaderLayout.LENGTH, MessageDirection.HOST_TO_GUEST,
            HandlerKind.NON_BLOCKING),
    /** 5: the guest opens a channel. */
    OPEN_CHANNEL(5, OpenChannelLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 6: the host's answer to OPEN_CHANNEL. */
    OPEN_CHANNEL_RESULT(6, OpenChannelResultLayout.LENGTH, MessageDirection.HOST_TO_GUEST, HandlerKind.NON_BLOCKING),
    /** 7: the guest closes a channel (no reply). */
    CLOSE_CHANNEL(7, CloseChannelLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 8: the guest starts a GPADL. */
    GPADL_HEADER(8, GpadlHeaderLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 9: more PFNs of a GPADL. */
    GPADL_BODY(9, GpadlBodyLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 10: the host's answer to a complete GPADL. */
    GPADL_CREATED(10, GpadlCreatedLayout.LENGTH, MessageDirection.HOST_TO_GUEST, HandlerKind.NON_BLOCKING),
    /** 11: the guest tears a GPADL down. */
    GPADL_TEARDOWN(11, GpadlTeardownLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 12: the host's answer to GPADL_TEARDOWN. */
    GPADL_TORNDOWN(12, GpadlTorndownLayout.LENGTH, MessageDirection.HOST_TO_GUEST, HandlerKind.NON_BLOCKING),
    /** 13: the guest lets go of a relid. */
    RELID_RELEASED(13, RelidReleasedLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 14: the guest proposes a protocol version. */
    INITIATE_CONTACT(14, InitiateContactLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 15: the host's answer to INITIATE_CONTACT. */
    VERSION_RESPONSE(15, VersionResponseLayout.LENGTH, MessageDirection.HOST_TO_GUEST, HandlerKind.NON_BLOCKING),
    /** 16: the guest disconnects. */
    UNLOAD(16, ChannelMessageHeaderLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 17: the host's answer to UNLOAD. */
    UNLOAD_RESPONSE(17, ChannelMessageHeaderLayout.LENGTH, MessageDirection.HOST_TO_GUEST, HandlerKind.NON_BLOCKING),
    /** 18: unused by Linux (OpenVMM: OPEN_RESERVED_CHANNEL). */
    RESERVED_18(18, ChannelMessageHeaderLayout.LENGTH, MessageDirection.NONE, HandlerKind.NONE),
    /** 19: unused by Linux (OpenVMM: CLOSE_RESERVED_CHANNEL). */
    RESERVED_19(19, ChannelMessageHeaderLayout.LENGTH, MessageDirection.NONE, HandlerKind.NONE),
    /** 20: unused by Linux (OpenVMM: CLOSE_RESERVED_RESPONSE). */
    RESERVED_20(20, ChannelMessageHeaderLayout.LENGTH, MessageDirection.NONE, HandlerKind.NONE),
    /** 21: hv_sock connect request. */
    TL_CONNECT_REQUEST(21, TlConnectRequestLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 22: the guest retargets a channel's interrupt (4.1+). */
    MODIFY_CHANNEL(22, ModifyChannelLayout.LENGTH, MessageDirection.GUEST_TO_HOST, HandlerKind.NONE),
    /** 23: hv_sock connect result; Linux has no handler. */
    TL_CONNECT_RESULT(23, ChannelMessageHeaderLayout.LENGTH, MessageDirection.HOST_TO_GUEST, HandlerKind.NONE),
    /** 24: the host's answer to MODIFY_CHANNEL (5.3+). */
    MODIFY_CHANNEL_RESPONSE(24, ModifyChannelResponseLayout.LENGTH, MessageDirection.HOST_TO_GUEST,
            HandlerKind.NON_BLOCKING);

    /** {@code CHANNELMSG_COUNT}: ids at or above it are unknown. */
    public static final int COUNT = 25;

    private static final ChannelMessageType[] BY_ID = values();

    private final int wireId;
    private final int minLength;
    private final MessageDirection direction;
    private final HandlerKind guestHandler;

    ChannelMessageType(final int wireId, final int minLength, final MessageDirection direction,
            final HandlerKind guestHandler) {
        this.wireId = wireId;
        this.minLength = minLength;
        this.direction = direction;
        this.guestHandler = guestHandler;
    }

    /**
     * The type with a wire id.
     *
     * @param wireId the {@code msgtype} read from a message (unsigned)
     * @return the type, or null when the id is at or above {@link #COUNT}
     */
    public static ChannelMessageType fromWire(final int wireId) {
        return wireId >= 0 && wireId < BY_ID.length ? BY_ID[wireId] : null;
    }

    /**
     * The {@code CHANNELMSG_*} value.
     *
     * @return the wire id
     */
    public int wireId() {
        return wireId;
    }

    /**
     * The smallest message of this type that is accepted, header included.
     *
     * @return bytes
     */
    public int minLength() {
        return minLength;
    }

    /**
     * Which way the message travels.
     *
     * @return the direction
     */
    public MessageDirection direction() {
        return direction;
    }

    /**
     * How the Linux guest handles the message.
     *
     * @return the handler kind; {@link HandlerKind#NONE} for guest-to-host types
     */
    public HandlerKind guestHandler() {
        return guestHandler;
    }

    /**
     * Whether a receiver handles this type: the guest handles host-to-guest types that have a handler, the
     * host handles every guest-to-host type.
     *
     * @param receiver the receiving side: {@link MessageDirection#HOST_TO_GUEST} for the guest
     * @return true when the receiver has a handler
     */
    public boolean isHandledBy(final MessageDirection receiver) {
        if (direction != receiver) {
            return false;
        }
        return receiver != MessageDirection.HOST_TO_GUEST || guestHandler != HandlerKind.NONE;
    }
}

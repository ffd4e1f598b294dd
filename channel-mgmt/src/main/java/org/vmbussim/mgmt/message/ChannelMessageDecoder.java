package org.vmbussim.mgmt.message;

import java.util.Optional;
import org.vmbussim.wire.LittleEndian;
import org.vmbussim.wire.WireFormatException;

/**
 * Validates and decodes received channel messages in the order of Linux {@code vmbus_on_msg_dpc}: header
 * present, type known, payload within 240 bytes, a handler on this side, at least the type's minimum length,
 * then the fields. Anything that fails is dropped and counted in {@link MessageDrops}, never thrown: a peer
 * cannot crash the receiver with bytes.
 *
 * <p>The caller passes a private copy of the message (Linux copies the SynIC slot before looking at it), so
 * nothing can change under the checks.
 */
public final class ChannelMessageDecoder {
    private final MessageDirection receiver;
    private final MessageDrops drops;

    /**
     * Creates a decoder for one receiving side.
     *
     * @param receiver {@link MessageDirection#HOST_TO_GUEST} for the guest, {@link MessageDirection#GUEST_TO_HOST}
     *                 for the host
     * @param drops    where drops are counted
     */
    public ChannelMessageDecoder(final MessageDirection receiver, final MessageDrops drops) {
        if (receiver == MessageDirection.NONE) {
            throw new IllegalArgumentException("receiver=NONE (expected: a direction)");
        }
        this.receiver = receiver;
        this.drops = drops;
    }

    /**
     * Decodes one message.
     *
     * @param message the received bytes (owned by the decoder's caller, not changed)
     * @return the message, or empty when it was dropped
     */
    public Optional<ChannelMessage> decode(final byte[] message) {
        final int length = message.length;
        if (length < ChannelMessageHeaderLayout.LENGTH) {
            drops.drop(DropReason.TOO_SHORT, -1, length, "no room for the 8-byte header");
            return Optional.empty();
        }
        final int msgType = LittleEndian.getInt(message, ChannelMessageHeaderLayout.MSGTYPE_OFFSET);
        final ChannelMessageType type = ChannelMessageType.fromWire(msgType);
        if (type == null) {
            drops.drop(DropReason.UNKNOWN_TYPE, msgType, length, "msgtype >= " + ChannelMessageType.COUNT);
            return Optional.empty();
        }
        if (length > VmbusProtocol.MAX_MESSAGE_PAYLOAD) {
            drops.drop(DropReason.OVERSIZE, msgType, length, "payload > " + VmbusProtocol.MAX_MESSAGE_PAYLOAD);
            return Optional.empty();
        }
        if (!type.isHandledBy(receiver)) {
            drops.drop(DropReason.NO_HANDLER, msgType, length, type + " is not handled here");
            return Optional.empty();
        }
        if (length < type.minLength()) {
            drops.drop(DropReason.TOO_SHORT, msgType, length, type + " needs " + type.minLength() + " bytes");
            return Optional.empty();
        }
        try {
            return Optional.of(read(type, message));
        } catch (final WireFormatException | IllegalArgumentException e) {
            drops.drop(DropReason.MALFORMED, msgType, length, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The drop counters.
     *
     * @return the counters
     */
    public MessageDrops drops() {
        return drops;
    }

    private static ChannelMessage read(final ChannelMessageType type, final byte[] m) {
        switch (type) {
            case OFFER_CHANNEL:
                return OfferChannel.read(m);
            case RESCIND_CHANNEL_OFFER:
                return RescindChannelOffer.read(m);
            case REQUEST_OFFERS:
                return new RequestOffers();
            case ALL_OFFERS_DELIVERED:
                return new AllOffersDelivered();
            case OPEN_CHANNEL:
                return OpenChannel.read(m);
            case OPEN_CHANNEL_RESULT:
                return OpenChannelResult.read(m);
            case CLOSE_CHANNEL:
                return CloseChannel.read(m);
            case GPADL_HEADER:
                return GpadlHeader.read(m);
            case GPADL_BODY:
                return GpadlBody.read(m);
            case GPADL_CREATED:
                return GpadlCreated.read(m);
            case GPADL_TEARDOWN:
                return GpadlTeardown.read(m);
            case GPADL_TORNDOWN:
                return GpadlTorndown.read(m);
            case RELID_RELEASED:
                return RelidReleased.read(m);
            case INITIATE_CONTACT:
                return InitiateContact.read(m);
            case VERSION_RESPONSE:
                return VersionResponse.read(m);
            case UNLOAD:
                return new Unload();
            case UNLOAD_RESPONSE:
                return new UnloadResponse();
            case TL_CONNECT_REQUEST:
                return TlConnectRequest.read(m);
            case MODIFY_CHANNEL:
                return ModifyChannel.read(m);
            case MODIFY_CHANNEL_RESPONSE:
                return ModifyChannelResponse.read(m);
            default:
                // INVALID, the reserved ids and TL_CONNECT_RESULT have no handler on either side, so
                // isHandledBy() refused them before we got here.
                throw new IllegalStateException("no reader for " + type);
        }
    }
}

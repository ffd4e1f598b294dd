package org.vmbussim.mgmt.message;

/**
 * One decoded channel message. Each record writes its own bytes ({@link #encode()}) at the offsets of its
 * {@code *Layout} class; {@link ChannelMessageDecoder} reads them back after validating the length and type.
 */
public sealed interface ChannelMessage permits OfferChannel, RescindChannelOffer, RequestOffers,
        AllOffersDelivered, OpenChannel, OpenChannelResult, CloseChannel, GpadlHeader, GpadlBody, GpadlCreated,
        GpadlTeardown, GpadlTorndown, RelidReleased, InitiateContact, VersionResponse, Unload, UnloadResponse,
        ModifyChannel, ModifyChannelResponse, TlConnectRequest {

    /**
     * The message's type.
     *
     * @return the type
     */
    ChannelMessageType type();

    /**
     * The message's bytes, header included; reserved and padding bytes are zero.
     *
     * @return a new array of at most {@link VmbusProtocol#MAX_MESSAGE_PAYLOAD} bytes
     */
    byte[] encode();
}

package org.vmbussim.azblob.vsc;

import io.netty.buffer.ByteBuf;
import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.uapi.Errno;

/**
 * The host's answer to one request, checked against that request before anything reaches user space
 * (RELIABILITY P5, P6). The seed copied {@code error} and {@code response_len} from whatever bytes
 * followed the descriptor; here a completion is accepted only when:
 *
 * <ul>
 * <li>its payload holds a whole {@code az_blob_vsp_response} (12 bytes; the payload length is the
 *     sanitised {@code (len8 - offset8) * 8}, so a shorter one is never read past);</li>
 * <li>{@code response_len} does not exceed the request's response buffer. One exception: with
 *     {@code error == EMSGSIZE} the host wrote nothing and {@code response_len} is the size the head
 *     <em>needs</em> (docs/fastpath-protocol.md), which user space reads to enlarge its buffer;</li>
 * <li>with {@code error == 0}, {@code length} (body bytes written) does not exceed the data buffer.</li>
 * </ul>
 *
 * Anything else is {@link Errno#EPROTO} for that request only.
 *
 * @param protocolError null when acceptable, else why not (the request fails with {@code EPROTO})
 * @param status        {@code error}, the u32 status for user space
 * @param responseLen   {@code response_len}, u32
 * @param bodyLength    {@code length}, u32
 */
record VspCompletion(String protocolError, int status, int responseLen, int bodyLength) {

    /**
     * Reads and checks a completion packet.
     *
     * @param packetCopy       the channel's private copy of the packet
     * @param packet           the parsed descriptor (type already checked to be a completion)
     * @param responseCapacity the request's response buffer length, u32
     * @param dataCapacity     the request's data buffer length, u32 (0 without one)
     * @return the completion, acceptable or not
     */
    static VspCompletion read(final ByteBuf packetCopy, final Packet packet, final int responseCapacity,
            final int dataCapacity) {
        if (packet.payloadLength() < AzBlobVspResponseLayout.LENGTH) {
            return new VspCompletion("payload of " + packet.payloadLength() + " bytes (expected: >= "
                    + AzBlobVspResponseLayout.LENGTH + ")", 0, 0, 0);
        }
        final int at = packet.payloadOffset();
        final int bodyLength = packetCopy.getIntLE(at + AzBlobVspResponseLayout.LENGTH_OFFSET);
        final int status = packetCopy.getIntLE(at + AzBlobVspResponseLayout.ERROR_OFFSET);
        final int responseLen = packetCopy.getIntLE(at + AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET);
        if (status != Errno.EMSGSIZE.value() && Integer.compareUnsigned(responseLen, responseCapacity) > 0) {
            return new VspCompletion("response_len=" + Integer.toUnsignedString(responseLen)
                    + " exceeds the response buffer of " + Integer.toUnsignedString(responseCapacity) + " bytes",
                    status, responseLen, bodyLength);
        }
        if (status == 0 && Integer.compareUnsigned(bodyLength, dataCapacity) > 0) {
            return new VspCompletion("length=" + Integer.toUnsignedString(bodyLength)
                    + " exceeds the data buffer of " + Integer.toUnsignedString(dataCapacity) + " bytes",
                    status, responseLen, bodyLength);
        }
        return new VspCompletion(null, status, responseLen, bodyLength);
    }

    /**
     * Whether the completion may be reported to user space.
     *
     * @return true when no check failed
     */
    boolean isAcceptable() {
        return protocolError == null;
    }
}

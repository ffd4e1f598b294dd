package org.vmbussim.core.channel;

import io.netty.buffer.ByteBuf;
import org.vmbussim.core.ring.ReadResult;

/**
 * Receives each packet a {@link ChannelEnd} reads from its incoming ring (the channel callback of a
 * Linux driver). Runs on the channel's scheduler, one packet at a time.
 */
@FunctionalInterface
public interface PacketHandler {

    /**
     * Handles one packet. The buffer and the view are the channel's private copy, valid only during
     * this call: parse or copy what you need; never keep them.
     *
     * @param channel the receiving side
     * @param packet  the packet bytes at {@code [0, info.length())}, little-endian
     * @param info    the descriptor fields of the copy (already sanitised by the ring reader)
     */
    void onPacket(ChannelEnd channel, ByteBuf packet, ReadResult.Packet info);
}

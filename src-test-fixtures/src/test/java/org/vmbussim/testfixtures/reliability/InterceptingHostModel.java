package org.vmbussim.testfixtures.reliability;

import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.azblob.vsp.provider.AzureBlobHostModel;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.SendResult;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.memory.HvPage;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.PacketFormatException;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.mgmt.sim.HostDeviceModel;
import org.vmbussim.mgmt.spi.DataPathSpec;
import org.vmbussim.wire.LittleEndian;

/**
 * The Azure Blob host model with a hostile or failing host in front of the provider: it sees every request
 * packet first (recording its {@code trans_id}), can drop them all (a silent host) and can put any completion
 * on the guest's ring (forged, duplicate, late, short, oversized, for any id).
 */
final class InterceptingHostModel implements HostDeviceModel {
    private final AzureBlobHostModel delegate;
    private final List<Long> seenIds = new CopyOnWriteArrayList<>();
    private final List<Long> seenPfns = new CopyOnWriteArrayList<>();
    private final List<GpaRange> seenRanges = new CopyOnWriteArrayList<>();
    private volatile ChannelEnd hostEnd;
    private volatile boolean silent;
    private volatile Consumer<byte[]> packetObserver;
    private volatile byte[] ringFill;

    InterceptingHostModel(final HostDeviceModel delegate) {
        this.delegate = (AzureBlobHostModel) delegate;
    }

    @Override
    public int maxPacketSize() {
        return delegate.maxPacketSize();
    }

    @Override
    public void channelOpened(final ChannelEnd end, final DataPathSpec spec, final GuestMemory memory) {
        final byte[] fill = ringFill;
        if (fill != null) {
            // The guest-to-host ring is the GPADL's first part: page 0 its header, then its data pages.
            for (int page = 1; page < spec.downstreamRingPageOffset(); page++) {
                final long gpa = HvPage.gpaOf(spec.gpadlPfns()[page]);
                for (int at = 0; at < HvPage.PAGE_SIZE; at += fill.length) {
                    memory.putBytes(gpa + at, fill, 0, Math.min(fill.length, HvPage.PAGE_SIZE - at));
                }
            }
        }
        delegate.channelOpened(end, spec, memory);
        hostEnd = end;
        end.setHandler((channel, packet, info) -> {
            seenIds.add(info.transactionId());
            final Consumer<byte[]> observer = packetObserver;
            if (observer != null) {
                final byte[] copy = new byte[info.length()];
                packet.getBytes(0, copy);
                observer.accept(copy);
            }
            try {
                for (final GpaRange range : PacketParser.parse(packet, 0, info.length()).ranges()) {
                    seenRanges.add(range);
                    for (int i = 0; i < range.pfnCount(); i++) {
                        seenPfns.add(range.pfn(i));
                    }
                }
            } catch (final PacketFormatException e) {
                // not a request the provider would take either; it refuses it itself
            }
            if (!silent) {
                delegate.provider().packetHandler().onPacket(channel, packet, info);
            }
        });
    }

    @Override
    public void channelClosed(final ChannelEnd end, final DataPathSpec spec) {
        delegate.channelClosed(end, spec);
    }

    /** Hands a copy of every packet the host reads (its whole wire length, padding included) to {@code observer}. */
    void observePackets(final Consumer<byte[]> observer) {
        packetObserver = observer;
    }

    /** Fills the guest-to-host ring's data pages with this pattern when the channel opens (before any packet). */
    void fillRingDataOnOpen(final byte[] pattern) {
        ringFill = pattern.clone();
    }

    /** From now on the host drops every request unread (it never answers). */
    void silence() {
        silent = true;
    }

    /** Every PFN the requests the host has read named, in order. */
    List<Long> seenPfns() {
        return List.copyOf(seenPfns);
    }

    /** Every GPA range the requests the host has read carried, in order. */
    List<GpaRange> seenRanges() {
        return List.copyOf(seenRanges);
    }

    /** The ids of the requests the host has read, in order. */
    List<Long> seenIds() {
        return List.copyOf(seenIds);
    }

    /**
     * Puts a completion on the guest's ring.
     *
     * @param id          any transaction id
     * @param error       {@code error}
     * @param responseLen {@code response_len}
     * @param length      {@code length}
     * @param payloadSize bytes of payload (12 is whole; fewer is short)
     * @return the send's result
     */
    SendResult complete(final long id, final int error, final int responseLen, final int length,
            final int payloadSize) {
        final byte[] payload = new byte[Math.max(payloadSize, AzBlobVspResponseLayout.LENGTH)];
        LittleEndian.putInt(payload, AzBlobVspResponseLayout.LENGTH_OFFSET, length);
        LittleEndian.putInt(payload, AzBlobVspResponseLayout.ERROR_OFFSET, error);
        LittleEndian.putInt(payload, AzBlobVspResponseLayout.RESPONSE_LEN_OFFSET, responseLen);
        return hostEnd.sendCompletion(id, Unpooled.wrappedBuffer(payload), 0, payloadSize);
    }

    ChannelEnd hostEnd() {
        return hostEnd;
    }
}

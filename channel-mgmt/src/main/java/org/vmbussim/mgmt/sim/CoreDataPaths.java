package org.vmbussim.mgmt.sim;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.RingPair;
import org.vmbussim.core.channel.RingSetupException;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.ring.RingHeader;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.mgmt.spi.ChannelDataPath;
import org.vmbussim.mgmt.spi.ChannelDataPathFactory;
import org.vmbussim.mgmt.spi.DataPathSpec;
import org.vmbussim.mgmt.spi.Side;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.wire.Guid;

/**
 * Gives each opened channel its vmbus-core data path: a {@link ChannelEnd} over the rings the ring GPADL
 * describes, one for each side, connected to each other by relid (the interrupt line). One instance serves
 * both sides of one VM: {@link #forSide(Side)} gives the factory each side calls. Host ends of a class with a
 * {@link HostDeviceModel} are handed to it.
 *
 * <p>The guest side initialises both ring headers when it maps them ({@code feature_bits}, as Linux's
 * {@code hv_ringbuffer_init}); no packet moves before OPENCHANNEL_RESULT, so the host's earlier mapping
 * sees the same zeroed indices.
 */
public final class CoreDataPaths {
    private static final Logger LOG = LoggerFactory.getLogger(CoreDataPaths.class);

    private final GuestMemory memory;
    private final Scheduler scheduler;
    private final Map<Guid, HostDeviceModel> models;
    /** Guarded by this. relid to the two ends, [guest, host]. */
    private final Map<Integer, ChannelEnd[]> ends = new HashMap<>();
    private final AtomicLong packetsBeforeDriver = new AtomicLong();

    /**
     * Creates the data paths of one VM.
     *
     * @param memory    guest memory
     * @param scheduler where channel callbacks run
     * @param models    host device models by class GUID
     */
    public CoreDataPaths(final GuestMemory memory, final Scheduler scheduler, final Map<Guid, HostDeviceModel> models) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.models = Map.copyOf(models);
    }

    /**
     * The factory one side calls when it opens a channel.
     *
     * @param side the side
     * @return the factory
     */
    public ChannelDataPathFactory forSide(final Side side) {
        return spec -> open(side, spec);
    }

    /**
     * Packets that arrived before a driver attached its handler (dropped and counted).
     *
     * @return the count
     */
    public long packetsBeforeDriver() {
        return packetsBeforeDriver.get();
    }

    private ChannelDataPath open(final Side side, final DataPathSpec spec) {
        if (spec.side() != side) {
            throw new IllegalArgumentException("spec for " + spec.side() + " given to the " + side + " factory");
        }
        final RingPair rings;
        try {
            rings = RingPair.attach(memory, spec.gpadlPfns(), spec.downstreamRingPageOffset());
        } catch (final RingSetupException e) {
            throw new ErrnoException(Errno.EINVAL, "relid " + spec.relid() + ": " + e.getMessage(), e);
        }
        if (side == Side.GUEST) {
            RingHeader.initialise(rings.guestToHost());
            RingHeader.initialise(rings.hostToGuest());
        }
        final String name = "relid " + spec.relid() + (side == Side.GUEST ? " guest" : " host");
        final HostDeviceModel model = side == Side.HOST ? models.get(spec.classId()) : null;
        final ChannelEnd end = ChannelEnd.builder(name).scheduler(scheduler)
                .maxPacketSize(model != null ? model.maxPacketSize() : ChannelEnd.DEFAULT_MAX_PACKET_SIZE)
                .outgoing(side == Side.GUEST ? rings.guestToHost() : rings.hostToGuest())
                .incoming(side == Side.GUEST ? rings.hostToGuest() : rings.guestToHost())
                .handler(this::beforeDriver).build();
        connect(side, spec.relid(), end);
        if (model != null) {
            model.channelOpened(end, spec, memory);
        }
        return new DataPath(side, spec, end, model);
    }

    private void beforeDriver(final ChannelEnd end, final ByteBuf packet, final ReadResult.Packet info) {
        packetsBeforeDriver.incrementAndGet();
        LOG.debug("{}: packet of type {} before a handler was attached; dropped", end.name(), info.type());
    }

    private synchronized void connect(final Side side, final int relid, final ChannelEnd end) {
        final ChannelEnd[] pair = ends.computeIfAbsent(relid, r -> new ChannelEnd[2]);
        pair[side == Side.GUEST ? 0 : 1] = end;
        if (pair[0] != null && pair[1] != null) {
            ChannelEnd.connect(pair[0], pair[1]);
        }
    }

    private synchronized void disconnect(final Side side, final int relid, final ChannelEnd end) {
        final ChannelEnd[] pair = ends.get(relid);
        if (pair != null) {
            final int i = side == Side.GUEST ? 0 : 1;
            if (pair[i] == end) {
                pair[i] = null;
            }
            if (pair[0] == null && pair[1] == null) {
                ends.remove(relid);
            }
        }
    }

    /** One side's data path: the channel end, closed once. */
    private final class DataPath implements ChannelDataPath {
        private final Side side;
        private final DataPathSpec spec;
        private final ChannelEnd end;
        private final HostDeviceModel model;

        DataPath(final Side side, final DataPathSpec spec, final ChannelEnd end, final HostDeviceModel model) {
            this.side = side;
            this.spec = spec;
            this.end = end;
            this.model = model;
        }

        @Override
        public void close() {
            end.close();
            disconnect(side, spec.relid(), end);
            if (model != null) {
                model.channelClosed(end, spec);
            }
        }

        @Override
        public <T> T unwrap(final Class<T> type) {
            return type == ChannelEnd.class ? type.cast(end) : type.cast(this);
        }
    }
}

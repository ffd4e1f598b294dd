package org.vmbussim.azblob.vsp.provider;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.http.HttpHeadCodec;
import org.vmbussim.azblob.vsp.http.HttpHeadLimits;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.ChannelState;
import org.vmbussim.core.channel.PacketHandler;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.packet.PacketSize;
import org.vmbussim.core.ring.ReadResult;

/**
 * The Azure Blob host provider (VSP): one per host, serving any number of Azure Blob channels of any
 * number of devices and guests, all on one {@link BlobBackend}. The host glue builds each channel's host
 * end with {@link #packetHandler()} as its handler and then {@link #attach attaches} it; see the package
 * documentation for the exact steps. Each attached channel is a {@link ProviderChannel}.
 *
 * <p>Where requests run. A backend that never blocks ({@link BlobBackend#mayBlock()} false, such as the
 * in-memory {@code StorageEngine}) is run <em>inline</em>: on the channel's callback thread, straight from
 * the receive path, so a request costs no hand-off to a worker and back (two thread wake-ups fewer per
 * request). Requests on one channel then run one after another; different channels still run in
 * parallel on their schedulers' threads. Any other backend (the file store, REST forwarding) runs on the
 * provider's own pool of {@code workerThreads} named daemon threads. An executor the caller gives is always
 * used, whatever the backend (for deterministic tests, the channel's
 * {@link org.vmbussim.core.sched.DeterministicScheduler}, {@code scheduler::execute}; a deterministic
 * scheduler must then be every attached channel's scheduler too, since it may only be used by its
 * owning thread). {@link Builder#inlineWhenBackendNeverBlocks(boolean)} turns inline execution off.
 * Timeouts run on each channel's scheduler; an inline request that overran its timeout is completed with
 * {@code ETIMEDOUT} and its result discarded, as a pooled one would be.
 *
 * <p>The backend belongs to the caller: {@link #close()} stops the provider, not the backend; close the
 * backend after the provider.
 */
public final class AzureBlobProvider implements AutoCloseable {
    /**
     * The largest request packet the VSC sends: one range of {@code AZ_BLOB_MAX_PAGES} (8192) PFNs and the
     * 56-byte request, {@code 88 + 8 * 8192} = 65,624 bytes. Build host ends with at least this
     * {@code maxPacketSize}; a packet longer than the host's copy buffer is refused with {@code ENOBUFS}.
     */
    public static final int MAX_REQUEST_PACKET_BYTES = PacketSize.gpaDirect(1, AzBlobProtocol.AZ_BLOB_MAX_PAGES,
            AzBlobVspRequestLayout.LENGTH);
    /** The timeout of a request whose {@code timeout_ms} is 0. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;
    /** How long a completion waits for space on a full host-to-guest ring before it is dropped. */
    public static final long DEFAULT_COMPLETION_SPACE_WAIT_MILLIS = 10_000;
    /** Size of the provider's own worker pool. */
    public static final int DEFAULT_WORKER_THREADS = 4;
    /** Most requests in flight on one channel: the VSC's requestor size, {@code AZ_BLOB_QUEUE_DEPTH}. */
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_CHANNEL = AzBlobProtocol.AZ_BLOB_QUEUE_DEPTH;
    /** How long {@link #close()} waits for the worker threads to end. */
    public static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(AzureBlobProvider.class);

    private final String name;
    private final ProviderSettings settings;
    private final RequestExecution execution;
    /** Null when requests run inline or on the caller's executor: then no thread is ever started. */
    private final WorkerPool ownPool;
    private final Map<ChannelEnd, ProviderChannel> channels = new ConcurrentHashMap<>();
    private final PacketHandler router = this::route;
    private final LongAdder unroutedPackets = new LongAdder();
    private boolean closed;

    private AzureBlobProvider(final Builder b) {
        this.name = b.name;
        this.execution = new RequestExecution(new HttpHeadCodec(b.headLimits), b.backend);
        final boolean inline = b.executor == null && b.inlineWhenBackendNeverBlocks && !b.backend.mayBlock();
        this.ownPool = b.executor == null && !inline ? new WorkerPool(b.name, b.workerThreads) : null;
        this.settings = new ProviderSettings(b.executor == null ? ownPool : b.executor, b.defaultTimeoutMillis,
                TimeUnit.MILLISECONDS.toNanos(b.completionSpaceWaitMillis), b.maxInFlightPerChannel, inline);
    }

    /**
     * Starts building a provider.
     *
     * @param backend where requests are executed (owned by the caller)
     * @return the builder
     */
    public static Builder builder(final BlobBackend backend) {
        return new Builder(backend);
    }

    /**
     * The name given at build time (worker threads are named after it).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The receive callback to build every Azure Blob host end with. It routes each packet to the
     * {@link ProviderChannel} attached to that end; a packet for an end that is not attached (not yet, or
     * no longer) is dropped and counted in {@link #unroutedPackets()}.
     *
     * @return the handler (the same object every time)
     */
    public PacketHandler packetHandler() {
        return router;
    }

    private void route(final ChannelEnd end, final ByteBuf packet, final ReadResult.Packet info) {
        final ProviderChannel channel = channels.get(end);
        if (channel == null) {
            unroutedPackets.increment();
            LOG.debug("{}: packet on {}, which is not attached, dropped", name, end.name());
            return;
        }
        channel.onPacket(packet, info);
    }

    /**
     * Starts serving a channel. Same as {@link #attach(ChannelEnd, GuestMemory, long[])} with no ring pages.
     *
     * @param hostEnd     the channel's host end, open, built with {@link #packetHandler()}
     * @param guestMemory the memory of the guest that owns the channel
     * @return the handle
     */
    public ProviderChannel attach(final ChannelEnd hostEnd, final GuestMemory guestMemory) {
        return attach(hostEnd, guestMemory, new long[0]);
    }

    /**
     * Starts serving a channel: from now on its packets are requests to this provider. The handle detaches
     * itself when the channel leaves {@link ChannelState#OPEN}.
     *
     * @param hostEnd     the channel's host end, open, built with {@link #packetHandler()} and a
     *                    {@code maxPacketSize} of at least {@link #MAX_REQUEST_PACKET_BYTES}
     * @param guestMemory the memory of the guest that owns the channel
     * @param ringPfns    the channel's ring pages (its GPADL), which no request may name ({@code EFAULT});
     *                    empty to skip that check
     * @return the handle
     * @throws IllegalStateException when the provider is closed, the end is not open or already attached
     */
    public ProviderChannel attach(final ChannelEnd hostEnd, final GuestMemory guestMemory, final long[] ringPfns) {
        Objects.requireNonNull(hostEnd, "hostEnd");
        Objects.requireNonNull(guestMemory, "guestMemory");
        Objects.requireNonNull(ringPfns, "ringPfns");
        final ProviderChannel channel;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(name + " is closed");
            }
            if (hostEnd.state() != ChannelState.OPEN) {
                throw new IllegalStateException(hostEnd + " is not open");
            }
            channel = new ProviderChannel(this, settings, hostEnd, guestMemory, ringPfns);
            if (channels.putIfAbsent(hostEnd, channel) != null) {
                throw new IllegalStateException(hostEnd + " is already attached to " + name);
            }
        }
        hostEnd.addListener((end, state, cause) -> channel.detach());
        if (hostEnd.state() != ChannelState.OPEN) {
            channel.detach(); // left OPEN before the listener was in place, so it was not told
        }
        LOG.debug("{}: attached {}", name, hostEnd.name());
        return channel;
    }

    /** Called by a detaching channel. */
    void forget(final ProviderChannel channel) {
        channels.remove(channel.channel(), channel);
    }

    RequestExecution execution() {
        return execution;
    }

    /**
     * The channels attached now.
     *
     * @return a new list
     */
    public List<ProviderChannel> channels() {
        return new ArrayList<>(channels.values());
    }

    /**
     * Packets that arrived on ends not attached to this provider.
     *
     * @return the count
     */
    public long unroutedPackets() {
        return unroutedPackets.sum();
    }

    /**
     * Whether requests run inline on the channels' callback threads (the backend never blocks and inline
     * execution was not turned off) rather than on a worker executor.
     *
     * @return true when inline
     */
    public boolean runsInline() {
        return settings.inline();
    }

    /**
     * Live threads of the provider's own pool, for leak checks.
     *
     * @return the count; 0 with a caller's executor and after a successful close
     */
    public int liveWorkerThreadCount() {
        return ownPool == null ? 0 : ownPool.liveThreadCount();
    }

    /**
     * Stops the provider: refuses new attachments, detaches every channel (requests in flight on channels
     * still open are completed with {@code EINTR}), and stops the own worker pool, interrupting workers
     * blocked in the backend and joining them within the bound. Idempotent.
     *
     * @param timeout the longest wait for the worker threads
     * @param unit    its unit
     * @return true when no worker thread is left
     */
    public boolean shutdown(final long timeout, final TimeUnit unit) {
        synchronized (this) {
            closed = true;
        }
        for (final ProviderChannel channel : channels()) {
            channel.detach();
        }
        return ownPool == null || ownPool.shutdown(timeout, unit);
    }

    /** {@link #shutdown} with {@link #CLOSE_TIMEOUT_MILLIS}. */
    @Override
    public void close() {
        shutdown(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return "AzureBlobProvider(" + name + ", " + channels.size() + " channels)";
    }

    /** Builds an {@link AzureBlobProvider}. */
    public static final class Builder {
        private final BlobBackend backend;
        private String name = "azblob-vsp";
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private Executor executor;
        private HttpHeadLimits headLimits = HttpHeadLimits.defaults();
        private long defaultTimeoutMillis = DEFAULT_TIMEOUT_MILLIS;
        private long completionSpaceWaitMillis = DEFAULT_COMPLETION_SPACE_WAIT_MILLIS;
        private int maxInFlightPerChannel = DEFAULT_MAX_IN_FLIGHT_PER_CHANNEL;
        private boolean inlineWhenBackendNeverBlocks = true;

        private Builder(final BlobBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /**
         * A name for logs and the worker threads ({@code <name>-worker-<n>}).
         *
         * @param value a non-empty name
         * @return this
         */
        public Builder name(final String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("name must not be empty");
            }
            this.name = value;
            return this;
        }

        /**
         * Size of the provider's own worker pool (used unless {@link #executor} is given).
         *
         * @param value threads, at least 1
         * @return this
         */
        public Builder workerThreads(final int value) {
            if (value < 1) {
                throw new IllegalArgumentException("workerThreads=" + value + " (expected: >= 1)");
            }
            this.workerThreads = value;
            return this;
        }

        /**
         * Runs requests on the caller's executor instead of an own pool (the caller owns and stops it). For
         * deterministic tests pass the channels' scheduler, {@code scheduler::execute}.
         *
         * @param value the executor
         * @return this
         */
        public Builder executor(final Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Whether a backend that never blocks ({@link BlobBackend#mayBlock()} false) runs inline on the
         * channel's callback thread (the default) instead of on the provider's own worker pool. Turn it off
         * to have every request queued, for example to observe requests waiting for a worker. Without
         * effect when an {@link #executor} is given: that executor always runs the requests.
         *
         * @param value true for inline execution when the backend allows it
         * @return this
         */
        public Builder inlineWhenBackendNeverBlocks(final boolean value) {
            this.inlineWhenBackendNeverBlocks = value;
            return this;
        }

        /**
         * Bounds on request heads.
         *
         * @param value the limits
         * @return this
         */
        public Builder headLimits(final HttpHeadLimits value) {
            this.headLimits = Objects.requireNonNull(value, "headLimits");
            return this;
        }

        /**
         * The timeout of a request whose {@code timeout_ms} is 0.
         *
         * @param value milliseconds, at least 1
         * @return this
         */
        public Builder defaultTimeoutMillis(final long value) {
            if (value < 1) {
                throw new IllegalArgumentException("defaultTimeoutMillis=" + value + " (expected: >= 1)");
            }
            this.defaultTimeoutMillis = value;
            return this;
        }

        /**
         * How long a completion waits for ring space before it is dropped.
         *
         * @param value milliseconds, at least 1
         * @return this
         */
        public Builder completionSpaceWaitMillis(final long value) {
            if (value < 1) {
                throw new IllegalArgumentException("completionSpaceWaitMillis=" + value + " (expected: >= 1)");
            }
            this.completionSpaceWaitMillis = value;
            return this;
        }

        /**
         * Most requests in flight on one channel; more are refused with {@code EAGAIN}.
         *
         * @param value at least 1
         * @return this
         */
        public Builder maxInFlightPerChannel(final int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxInFlightPerChannel=" + value + " (expected: >= 1)");
            }
            this.maxInFlightPerChannel = value;
            return this;
        }

        /**
         * Builds the provider (starting its pool's threads lazily, as requests arrive).
         *
         * @return the provider
         */
        public AzureBlobProvider build() {
            return new AzureBlobProvider(this);
        }
    }
}

package org.vmbussim.core.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.PacketFlags;
import org.vmbussim.core.packet.PacketSize;
import org.vmbussim.core.packet.PacketWriter;
import org.vmbussim.core.requestor.RequestorTable;
import org.vmbussim.core.ring.GatherList;
import org.vmbussim.core.ring.IncomingRing;
import org.vmbussim.core.ring.OutgoingRing;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.ring.RingCorruptedException;
import org.vmbussim.core.ring.RingMemory;
import org.vmbussim.core.ring.SpaceRequest;
import org.vmbussim.core.ring.TransactionIdAssigner;
import org.vmbussim.core.ring.WriteResult;
import org.vmbussim.core.sched.Cancellable;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * One side of an open channel: an {@link OutgoingRing} it writes, an {@link IncomingRing} it reads,
 * optionally a {@link RequestorTable} (the guest's), and the signal line to the peer. The guest's end
 * writes the guest-to-host ring; the host's end writes the host-to-guest ring over the same pages.
 *
 * <p><b>Sending</b> ({@code send*}) encodes the packet into a private buffer and writes it to the
 * ring under the send lock (Linux's {@code ring_lock}); packets that request a completion get their
 * {@code trans_id} from the requestor after the copy (Linux {@code hv_ringbuffer_write}). The peer is
 * signalled only on the ring's empty-to-non-empty transition with its interrupts unmasked. A full ring
 * or requestor is {@code EAGAIN}: {@link #awaitSpace(int)} gives a future completed when the peer has
 * made room ({@code pending_send_sz}, or polling when the peer does not support it).
 *
 * <p><b>Receiving</b>: the peer's signal ({@link #onPeerSignal()}) schedules one drain on the
 * scheduler. A drain masks interrupts, hands each packet (a private, sanitised copy) to the
 * {@link PacketHandler}, publishes the read index, signals the peer if its {@code pending_send_sz}
 * was crossed, unmasks and re-checks (Linux's batched callback mode, VMBUS-REFERENCE.md §1.7).
 *
 * <p><b>Leaving {@link ChannelState#OPEN}</b> ({@link #rescind()}, {@link #close()}, or a corrupt ring):
 * sends fail with {@code ENODEV} ({@code EIO} when faulted), space waiters fail the same way,
 * interrupts are ignored, and listeners are told once. The requestor's ids stay allocated: the owner
 * fails its pending requests and drains the table ({@link RequestorTable#drainAll()}).
 *
 * <p>Threading: sends from any thread; one drain at a time; the handler runs on the scheduler.
 */
public final class ChannelEnd {
    /** Linux's default maximum packet size a channel's reader copies ({@code VMBUS_DEFAULT_MAX_PKT_SIZE}). */
    public static final int DEFAULT_MAX_PACKET_SIZE = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(ChannelEnd.class);
    /** Batches one drain may run before it yields the scheduler to others. */
    private static final int MAX_BATCHES_PER_DRAIN = 64;
    /** How often a writer polls for space when the peer does not support {@code pending_send_sz}. */
    private static final long SPACE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final Scheduler scheduler;
    private final OutgoingRing outgoing;
    private final IncomingRing incoming;
    /** Set once, at build time or by {@link #configureRequestor(int)} before the first send; read under sendLock. */
    private volatile RequestorTable requestor;
    private TransactionIdAssigner assigner;
    private volatile PacketHandler handler;

    private final Object sendLock = new Object();
    private final GatherList gather = new GatherList(1);
    private byte[] sendArray = new byte[DEFAULT_MAX_PACKET_SIZE];
    private ByteBuf sendBuffer = Unpooled.wrappedBuffer(sendArray);
    /** Guarded by sendLock. */
    private final ArrayDeque<SpaceWaiter> spaceWaiters = new ArrayDeque<>();
    /** Guarded by sendLock. */
    private Cancellable spacePoll;

    private final Object receiveLock = new Object();
    private final byte[] receiveArray;
    private final ByteBuf receiveBuffer;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainFromScheduler;

    private volatile ChannelState state = ChannelState.OPEN;
    private volatile Runnable peerSignal = () -> { };
    private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder signalsSent = new LongAdder();
    private final LongAdder signalsReceived = new LongAdder();

    private ChannelEnd(final Builder b) {
        this.name = b.name;
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.outgoing = new OutgoingRing(Objects.requireNonNull(b.outgoing, "outgoing"));
        this.incoming = new IncomingRing(Objects.requireNonNull(b.incoming, "incoming"));
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.requestor = b.requestorSize > 0 ? new RequestorTable(b.requestorSize) : null;
        this.assigner = requestor == null ? null : requestor::allocate;
        this.receiveArray = new byte[b.maxPacketSize];
        this.receiveBuffer = Unpooled.wrappedBuffer(receiveArray);
    }

    /**
     * Starts building one side of a channel.
     *
     * @param name a name for logs and diagnostics, e.g. {@code "relid 7 guest"}
     * @return the builder
     */
    public static Builder builder(final String name) {
        return new Builder(name);
    }

    /**
     * Connects two ends: each one's signals go to the other's {@link #onPeerSignal()}.
     *
     * @param guest the guest's end
     * @param host  the host's end
     */
    public static void connect(final ChannelEnd guest, final ChannelEnd host) {
        guest.peerSignal = host::onPeerSignal;
        host.peerSignal = guest::onPeerSignal;
    }

    /**
     * The name given at build time.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The current state.
     *
     * @return the state
     */
    public ChannelState state() {
        return state;
    }

    /**
     * The requestor table (the guest's side of a channel that asked for one).
     *
     * @return the table, or null when this side has none
     */
    public RequestorTable requestor() {
        return requestor;
    }

    /**
     * Gives this side a requestor table after the channel opened (the control plane opens channels before
     * the driver says how deep its queue is; Linux sets {@code rqstor_size} before {@code vmbus_open}).
     *
     * @param size the table size, 1 to {@link RequestorTable#MAX_SIZE}
     * @throws IllegalStateException when a table exists already or a packet was sent
     */
    public void configureRequestor(final int size) {
        synchronized (sendLock) {
            if (requestor != null || outgoing.statistics().packetsWritten() != 0) {
                throw new IllegalStateException(name + ": requestor already set or packets already sent");
            }
            final RequestorTable table = new RequestorTable(size);
            this.assigner = table::allocate;
            this.requestor = table;
        }
    }

    /**
     * The scheduler this side's callbacks run on.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Replaces the receive callback: the control plane opens the channel before the driver that uses it
     * attaches. Packets received before are handed to the handler given at build time.
     *
     * @param value the new handler
     */
    public void setHandler(final PacketHandler value) {
        this.handler = Objects.requireNonNull(value, "handler");
    }

    /**
     * Adds a listener for the state change out of {@link ChannelState#OPEN}.
     *
     * @param listener the listener
     */
    public void addListener(final ChannelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Sends an in-band packet (type 6, payload in the ring).
     *
     * @param payload             payload bytes, may be null when the length is 0
     * @param payloadIndex        first payload byte
     * @param payloadLength       payload bytes
     * @param completionRequested set {@code COMPLETION_REQUESTED}; with a requestor the id comes from it
     * @param requestId           the caller's cookie: given to the requestor, or sent as the trans_id
     * @return the result
     */
    public SendResult sendInBand(final ByteBuf payload, final int payloadIndex, final int payloadLength,
            final boolean completionRequested, final long requestId) {
        final int length = PacketSize.inBand(payloadLength);
        synchronized (sendLock) {
            final ByteBuf dst = sendBuffer(length);
            PacketWriter.writeInBand(dst, 0, completionRequested ? PacketFlags.COMPLETION_REQUESTED : PacketFlags.NONE,
                    payload, payloadIndex, payloadLength);
            return publishLocked(length, requestId, completionRequested);
        }
    }

    /**
     * Sends a GPA-direct packet (type 9, {@code COMPLETION_REQUESTED}) naming guest pages by PFN.
     *
     * @param ranges        the page ranges, at least one
     * @param payload       payload bytes (the device message), may be null when the length is 0
     * @param payloadIndex  first payload byte
     * @param payloadLength payload bytes
     * @param requestId     the caller's cookie for the requestor
     * @return the result
     */
    public SendResult sendGpaDirect(final List<GpaRange> ranges, final ByteBuf payload, final int payloadIndex,
            final int payloadLength, final long requestId) {
        int pfns = 0;
        for (int i = 0; i < ranges.size(); i++) {
            pfns += ranges.get(i).pfnCount();
        }
        final int length = PacketSize.gpaDirect(ranges.size(), pfns, payloadLength);
        synchronized (sendLock) {
            final ByteBuf dst = sendBuffer(length);
            PacketWriter.writeGpaDirect(dst, 0, ranges, payload, payloadIndex, payloadLength);
            return publishLocked(length, requestId, true);
        }
    }

    /**
     * Sends a completion (type 0xb, flags 0) echoing a request's transaction id.
     *
     * @param transactionId the id the request carried
     * @param payload       payload bytes, may be null when the length is 0
     * @param payloadIndex  first payload byte
     * @param payloadLength payload bytes
     * @return the result
     */
    public SendResult sendCompletion(final long transactionId, final ByteBuf payload, final int payloadIndex,
            final int payloadLength) {
        final int length = PacketSize.completion(payloadLength);
        synchronized (sendLock) {
            final ByteBuf dst = sendBuffer(length);
            PacketWriter.writeCompletion(dst, 0, transactionId, payload, payloadIndex, payloadLength);
            return publishLocked(length, transactionId, false);
        }
    }

    /** Caller holds sendLock. */
    private ByteBuf sendBuffer(final int length) {
        if (sendArray.length < length) {
            sendArray = new byte[Math.max(length, sendArray.length * 2)];
            sendBuffer = Unpooled.wrappedBuffer(sendArray);
        }
        return sendBuffer;
    }

    /** Caller holds sendLock. */
    private SendResult publishLocked(final int length, final long requestId, final boolean completionRequested) {
        if (state != ChannelState.OPEN) {
            return state == ChannelState.FAULTED ? SendResult.FAULTED : SendResult.GONE;
        }
        final WriteResult result;
        gather.clear().add(sendBuffer, 0, length);
        try {
            result = outgoing.write(gather, requestId, completionRequested ? assigner : null);
        } catch (final RingCorruptedException e) {
            faultLater(e);
            return SendResult.FAULTED;
        } finally {
            gather.clear();
        }
        if (result instanceof WriteResult.Written) {
            final WriteResult.Written written = (WriteResult.Written) result;
            if (written.signalPeer()) {
                // Signalling under the lock keeps the order of signals equal to the order of writes;
                // the peer's handler only schedules a drain, so this never calls back into us.
                signalPeer();
            }
            return SendResult.sent(written.transactionId());
        }
        final WriteResult.Full full = (WriteResult.Full) result;
        return full.cause() == WriteResult.Cause.REQUESTOR ? SendResult.REQUESTOR_FULL
                : SendResult.ringFull(full.bytesNeeded());
    }

    private void signalPeer() {
        signalsSent.increment();
        peerSignal.run();
    }

    /**
     * The peer's interrupt: schedules a drain of the incoming ring (at most one queued at a time).
     * Ignored once the channel has left {@link ChannelState#OPEN}, as Linux ignores interrupts of a
     * rescinded channel.
     */
    public void onPeerSignal() {
        signalsReceived.increment();
        if (state == ChannelState.OPEN && drainScheduled.compareAndSet(false, true)) {
            try {
                scheduler.execute(drainTask);
            } catch (final RejectedExecutionException e) {
                drainScheduled.set(false);
                LOG.debug("{}: scheduler closed, interrupt dropped", name);
            }
        }
    }

    private void drainFromScheduler() {
        drainScheduled.set(false);
        if (drain()) {
            onPeerSignalWithoutCounting();
        }
        wakeSpaceWaiters();
    }

    private void onPeerSignalWithoutCounting() {
        if (state == ChannelState.OPEN && drainScheduled.compareAndSet(false, true)) {
            scheduler.execute(drainTask);
        }
    }

    /**
     * Reads every packet available now. Returns whether more arrived than one drain may take.
     */
    private boolean drain() {
        synchronized (receiveLock) {
            if (state != ChannelState.OPEN) {
                return false;
            }
            try {
                incoming.maskInterrupts();
                for (int batch = 0; batch < MAX_BATCHES_PER_DRAIN; batch++) {
                    boolean signalWriter = false;
                    incoming.begin();
                    try {
                        for (ReadResult r = incoming.next(receiveArray); r instanceof ReadResult.Packet;
                                r = incoming.next(receiveArray)) {
                            deliver((ReadResult.Packet) r);
                            if (state != ChannelState.OPEN) {
                                break;
                            }
                        }
                    } finally {
                        signalWriter = incoming.close();
                    }
                    if (signalWriter) {
                        signalPeer();
                    }
                    if (state != ChannelState.OPEN) {
                        return false;
                    }
                    // Unmask, then look again (pair [C]): a writer that saw the mask set did not signal.
                    if (!incoming.unmaskAndCheck()) {
                        return false;
                    }
                    incoming.maskInterrupts();
                }
                incoming.unmaskAndCheck();
                return true;
            } catch (final RingCorruptedException e) {
                fault(e);
                return false;
            }
        }
    }

    private void deliver(final ReadResult.Packet packet) {
        receiveBuffer.setIndex(0, packet.length());
        try {
            handler.onPacket(this, receiveBuffer, packet);
        } catch (final RuntimeException e) {
            LOG.warn("{}: packet handler failed on a packet of type {}", name, packet.type(), e);
        }
    }

    /**
     * A future completed once the outgoing ring has more than {@code bytesNeeded} free bytes (use
     * {@link SendResult#bytesNeeded()}), so the send can be retried. It fails with
     * {@link ErrnoException} {@code ENODEV} ({@code EIO} when faulted) if the channel leaves
     * {@link ChannelState#OPEN} first. Cancel it (or let it be) when giving up: a done future is dropped.
     *
     * @param bytesNeeded free bytes wanted
     * @return the future
     */
    public CompletableFuture<Void> awaitSpace(final int bytesNeeded) {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (sendLock) {
            if (state != ChannelState.OPEN) {
                return CompletableFuture.failedFuture(goneException());
            }
            if (bytesNeeded >= outgoing.dataLength()) {
                return CompletableFuture.failedFuture(new ErrnoException(Errno.EMSGSIZE, name + ": " + bytesNeeded
                        + " bytes can never fit a ring of " + outgoing.dataLength() + " data bytes"));
            }
            final SpaceRequest request;
            try {
                request = outgoing.requestSpace(Math.max(bytesNeeded, 1));
            } catch (final RingCorruptedException e) {
                faultLater(e);
                return CompletableFuture.failedFuture(new ErrnoException(Errno.EIO, name + ": ring corrupt", e));
            }
            if (request == SpaceRequest.AVAILABLE_NOW) {
                outgoing.clearPendingSend();
                return CompletableFuture.completedFuture(null);
            }
            spaceWaiters.add(new SpaceWaiter(bytesNeeded, future));
            if (request == SpaceRequest.UNSUPPORTED && spacePoll == null) {
                spacePoll = scheduler.schedule(this::pollForSpace, SPACE_POLL_NANOS, TimeUnit.NANOSECONDS);
            }
        }
        return future;
    }

    private void pollForSpace() {
        synchronized (sendLock) {
            spacePoll = null;
        }
        wakeSpaceWaiters();
        synchronized (sendLock) {
            if (!spaceWaiters.isEmpty() && state == ChannelState.OPEN && spacePoll == null) {
                spacePoll = scheduler.schedule(this::pollForSpace, SPACE_POLL_NANOS, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void wakeSpaceWaiters() {
        final List<CompletableFuture<Void>> ready = new ArrayList<>();
        synchronized (sendLock) {
            if (spaceWaiters.isEmpty() || state != ChannelState.OPEN) {
                return;
            }
            try {
                final int free = outgoing.bytesFree();
                spaceWaiters.removeIf(w -> {
                    if (w.future.isDone()) {
                        return true;
                    }
                    if (w.bytesNeeded < free) {
                        ready.add(w.future);
                        return true;
                    }
                    return false;
                });
                if (spaceWaiters.isEmpty()) {
                    outgoing.clearPendingSend();
                } else {
                    int least = Integer.MAX_VALUE;
                    for (final SpaceWaiter w : spaceWaiters) {
                        least = Math.min(least, w.bytesNeeded);
                    }
                    outgoing.requestSpace(Math.max(least, 1));
                }
            } catch (final RingCorruptedException e) {
                faultLater(e);
                return;
            }
        }
        ready.forEach(f -> f.complete(null));
    }

    /** The host revokes the channel: see the class comment. Idempotent. */
    public void rescind() {
        transition(ChannelState.RESCINDED, null);
    }

    /** This side closes the channel. Idempotent. */
    public void close() {
        transition(ChannelState.CLOSED, null);
    }

    private void fault(final RingCorruptedException e) {
        LOG.warn("{}: ring corrupt, channel faulted: {}", name, e.getMessage());
        transition(ChannelState.FAULTED, e);
    }

    /** A fault found under the send lock: the transition takes the lock itself, so finish it later. */
    private void faultLater(final RingCorruptedException e) {
        state = ChannelState.FAULTED;
        scheduler.execute(() -> announce(ChannelState.FAULTED, e));
    }

    private void transition(final ChannelState next, final Throwable cause) {
        synchronized (sendLock) {
            if (state != ChannelState.OPEN) {
                return;
            }
            state = next;
        }
        announce(next, cause);
    }

    private void announce(final ChannelState next, final Throwable cause) {
        final List<SpaceWaiter> waiters;
        synchronized (sendLock) {
            waiters = new ArrayList<>(spaceWaiters);
            spaceWaiters.clear();
            if (spacePoll != null) {
                spacePoll.cancel();
                spacePoll = null;
            }
        }
        for (final SpaceWaiter w : waiters) {
            w.future.completeExceptionally(goneException());
        }
        for (final ChannelListener l : listeners) {
            try {
                l.onStateChange(this, next, cause);
            } catch (final RuntimeException e) {
                LOG.warn("{}: channel listener failed", name, e);
            }
        }
    }

    private ErrnoException goneException() {
        return state == ChannelState.FAULTED ? new ErrnoException(Errno.EIO, name + ": channel faulted")
                : new ErrnoException(Errno.ENODEV, name + ": channel " + state.name().toLowerCase());
    }

    /**
     * A snapshot of this side's counters.
     *
     * @return the counters
     */
    public ChannelStatistics statistics() {
        final RequestorTable table = requestor;
        return new ChannelStatistics(outgoing.statistics().packetsWritten(), outgoing.statistics().bytesWritten(),
                incoming.statistics().packetsRead(), incoming.statistics().bytesRead(), signalsSent.sum(),
                signalsReceived.sum(), outgoing.statistics().ringFullEvents(),
                outgoing.statistics().requestorFullEvents(), table == null ? 0 : table.inUse());
    }

    @Override
    public String toString() {
        return "ChannelEnd(" + name + ", " + state + ")";
    }

    private record SpaceWaiter(int bytesNeeded, CompletableFuture<Void> future) {
    }

    /** Builds a {@link ChannelEnd}. */
    public static final class Builder {
        private final String name;
        private Scheduler scheduler;
        private RingMemory outgoing;
        private RingMemory incoming;
        private PacketHandler handler;
        private int requestorSize;
        private int maxPacketSize = DEFAULT_MAX_PACKET_SIZE;

        private Builder(final String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The scheduler for callbacks and timers.
         *
         * @param value the scheduler
         * @return this
         */
        public Builder scheduler(final Scheduler value) {
            this.scheduler = value;
            return this;
        }

        /**
         * The ring this side writes.
         *
         * @param value the ring
         * @return this
         */
        public Builder outgoing(final RingMemory value) {
            this.outgoing = value;
            return this;
        }

        /**
         * The ring this side reads.
         *
         * @param value the ring
         * @return this
         */
        public Builder incoming(final RingMemory value) {
            this.incoming = value;
            return this;
        }

        /**
         * The receive callback.
         *
         * @param value the handler
         * @return this
         */
        public Builder handler(final PacketHandler value) {
            this.handler = value;
            return this;
        }

        /**
         * Requestor table size (Linux {@code rqstor_size}); 0 for none.
         *
         * @param value the size
         * @return this
         */
        public Builder requestorSize(final int value) {
            if (value < 0 || value > RequestorTable.MAX_SIZE) {
                throw new IllegalArgumentException("requestorSize=" + value + " (expected: 0 to "
                        + RequestorTable.MAX_SIZE + ")");
            }
            this.requestorSize = value;
            return this;
        }

        /**
         * The largest packet this side copies out of its ring (Linux {@code max_pkt_size}); longer ones
         * are delivered truncated.
         *
         * @param value bytes, a multiple of 8, at least 16
         * @return this
         */
        public Builder maxPacketSize(final int value) {
            if (value < 16 || value % 8 != 0) {
                throw new IllegalArgumentException("maxPacketSize=" + value + " (expected: a multiple of 8, >= 16)");
            }
            this.maxPacketSize = value;
            return this;
        }

        /**
         * Builds the end (attaching to the rings' current indices).
         *
         * @return the end
         */
        public ChannelEnd build() {
            return new ChannelEnd(this);
        }
    }
}

package org.vmbussim.azblob.vsp.provider;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.http.RepeatedValues;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.ChannelState;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.packet.PacketFlags;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.uapi.Errno;
import org.vmbussim.wire.MemoryAccessException;

/**
 * The provider on one Azure Blob channel: the handle {@link AzureBlobProvider#attach} returns. It reads
 * the guest's requests from the channel, keeps the table of requests in flight, hands requests to the
 * provider's workers, enforces each request's timeout, writes results into guest memory and completes
 * every request that asked for it exactly once.
 *
 * <p><b>Receive path</b> (the channel's scheduler, one packet at a time; docs/fastpath-protocol.md,
 * "The provider"):
 * <ol>
 * <li>a packet without COMPLETION_REQUESTED is dropped unexecuted (the guest would not know when its
 *     buffers are free again);</li>
 * <li>a {@code trans_id} of 0 is dropped (RELIABILITY S2: no completion for id 0);</li>
 * <li>a {@code trans_id} already in flight is dropped: a completion for it would complete the request in
 *     flight in the guest's eyes, and that one gets its own;</li>
 * <li>{@link VspRequestDecoder} checks everything else; a {@link Refusal} is completed at once with its
 *     errno, nothing read or written;</li>
 * <li>the request enters the table (at most {@code maxInFlightPerChannel}), its timer starts, and it is
 *     handed to the worker executor. The receive path never waits for it: requests run and complete out
 *     of order.</li>
 * <li>inline (the backend never blocks): the request enters the table and runs to completion right here,
 *     on the receive path, without a timer: the timer could not fire before the request ends anyway, as it
 *     runs on this same thread. The clock is read after the backend returns instead, and an overdue
 *     request is completed with {@code ETIMEDOUT}, its result discarded, as the timer would have done.</li>
 * </ol>
 *
 * <p><b>Completion discipline.</b> The worker's result, the timer ({@code ETIMEDOUT}) and {@link #detach()}
 * race to {@linkplain InFlightRequest#claim claim} each request; one wins and the others do nothing. A
 * request leaves the table before its completion is sent, so the guest may reuse the id as soon as it has
 * the completion. A result that loses (the request timed out or was abandoned) is discarded unwritten.
 *
 * <p><b>Guest memory.</b> Buffers are read (snapshot) and written, and completions sent, only inside the
 * {@link GuestAccessGate} and only while the channel is {@link ChannelState#OPEN}. {@link #detach()} shuts
 * the gate and waits for accesses inside, so once it returns this handle touches guest memory no more.
 * The handle detaches itself when the channel leaves {@code OPEN} (close, rescind, fault), from the
 * channel's own listener, before the channel's {@code close()} or {@code rescind()} returns.
 */
public final class ProviderChannel implements AutoCloseable {
    /** How long {@link #detach()} waits for a read, write or send in progress to finish. */
    public static final long DETACH_TIMEOUT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ProviderChannel.class);

    private final AzureBlobProvider provider;
    private final ProviderSettings settings;
    private final ChannelEnd end;
    private final GuestMemory memory;
    private final VspRequestDecoder decoder;
    private final Map<Long, InFlightRequest> inFlight = new ConcurrentHashMap<>();
    private final GuestAccessGate gate = new GuestAccessGate();
    private final ChannelCounters counters = new ChannelCounters();
    private final CompletionSender completions;
    private final AtomicBoolean detached = new AtomicBoolean();
    private final WarnThrottle warnings = new WarnThrottle(1, TimeUnit.SECONDS);
    /** This channel's own memo of repeated request head values (never shared: see RepeatedValues). */
    private final RepeatedValues repeatedHeadValues = RepeatedValues.forRequestHeads();

    ProviderChannel(final AzureBlobProvider provider, final ProviderSettings settings, final ChannelEnd end,
            final GuestMemory memory, final long[] ringPfns) {
        this.provider = provider;
        this.settings = settings;
        this.end = end;
        this.memory = memory;
        this.decoder = new VspRequestDecoder(memory, ringPfns);
        this.completions = new CompletionSender(end, gate, counters, settings.completionSpaceWaitNanos());
    }

    /**
     * The channel's host end.
     *
     * @return the end given to {@code attach}
     */
    public ChannelEnd channel() {
        return end;
    }

    /**
     * The guest memory the channel's requests refer to.
     *
     * @return the memory given to {@code attach}
     */
    public GuestMemory guestMemory() {
        return memory;
    }

    /**
     * Whether the handle still serves the channel.
     *
     * @return false once detached
     */
    public boolean isAttached() {
        return !detached.get();
    }

    // ---------------------------------------------------------------------------------------------
    // Receive path (the channel's scheduler)

    /** Handles one packet; the buffer is the channel's private copy, valid during the call only. */
    void onPacket(final ByteBuf packet, final ReadResult.Packet info) {
        counters.packetsReceived.increment();
        final long transactionId = info.transactionId();
        if (!PacketFlags.isCompletionRequested(info.flags())) {
            counters.noCompletionRequestedDropped.increment();
            LOG.debug("{}: packet type {} without COMPLETION_REQUESTED dropped", end.name(), info.type());
            return;
        }
        if (transactionId == 0) {
            counters.zeroTransactionIdDropped.increment();
            LOG.debug("{}: packet type {} with trans_id 0 dropped", end.name(), info.type());
            return;
        }
        if (inFlight.containsKey(transactionId)) {
            counters.duplicatesDropped.increment();
            LOG.debug("{}: trans_id=0x{} is in flight; duplicate dropped", end.name(), Long.toHexString(transactionId));
            return;
        }
        final VspRequest request;
        try {
            request = decoder.decode(packet, info);
        } catch (final RequestRefusedException e) {
            refuse(transactionId, e);
            return;
        }
        if (inFlight.size() >= settings.maxInFlightPerChannel()) {
            refuse(transactionId, new RequestRefusedException(Refusal.TOO_MANY_IN_FLIGHT, inFlight.size()
                    + " requests in flight (expected: < " + settings.maxInFlightPerChannel() + ")"));
            return;
        }
        accept(request);
    }

    private void refuse(final long transactionId, final RequestRefusedException e) {
        counters.refused(e.refusal());
        if (e.refusal() == Refusal.TRUNCATED_PACKET && warnings.allow()) {
            LOG.warn("{}: {} (is the host end's maxPacketSize below AzureBlobProvider.MAX_REQUEST_PACKET_BYTES?)",
                    end.name(), e.getMessage());
        } else {
            LOG.debug("{}: trans_id=0x{} refused: {}", end.name(), Long.toHexString(transactionId), e.getMessage());
        }
        completions.send(transactionId, VspCompletion.failed(e.refusal().errno()));
    }

    private void accept(final VspRequest request) {
        final long timeoutMillis = request.timeoutMillis() == 0 ? settings.defaultTimeoutMillis()
                : request.timeoutMillis();
        final InFlightRequest entry = new InFlightRequest(request, end.scheduler().nanoTime(), timeoutMillis);
        inFlight.put(request.transactionId(), entry);
        counters.requestsAccepted.increment();
        if (detached.get()) {
            // A detach ran between the routing and now: it may have missed this entry.
            abandon(entry);
            return;
        }
        if (settings.inline()) {
            runRequest(entry);
            return;
        }
        try {
            entry.timer(end.scheduler().schedule(() -> onTimeout(entry), timeoutMillis, TimeUnit.MILLISECONDS));
            settings.executor().execute(() -> runRequest(entry));
        } catch (final RejectedExecutionException e) {
            LOG.debug("{}: trans_id=0x{}: executor or scheduler closed", end.name(),
                    Long.toHexString(request.transactionId()));
            finish(entry, ExecutionResult.failed(Errno.EINTR));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Worker path (the provider's executor, or the receive path when inline)

    private void runRequest(final InFlightRequest entry) {
        if (!entry.isPending()) {
            return; // timed out or abandoned while queued: nothing was read, nothing will be
        }
        entry.executing();
        final VspRequest request = entry.request();
        final RequestExecution.Snapshot copy;
        if (!gate.enter()) {
            return; // detached: the detach has claimed the entry
        }
        try {
            if (end.state() != ChannelState.OPEN) {
                return; // leaving: the detach that follows claims the entry
            }
            if (!entry.isPending()) {
                return; // timed out meanwhile: the guest may be reusing these buffers already
            }
            copy = provider.execution().snapshot(request);
        } catch (final MemoryAccessException e) {
            // Cannot happen for a validated range; answered rather than trusted.
            finish(entry, ExecutionResult.failed(Errno.EFAULT));
            return;
        } finally {
            gate.exit();
        }
        counters.bytesFromGuest.add(copy.bytes());
        final ExecutionResult result = provider.execution().execute(request, copy, entry, repeatedHeadValues);
        if (settings.inline() && entry.isOverdue(end.scheduler().nanoTime())) {
            onTimeout(entry); // no timer runs for an inline request: the clock stands in for it
            return;
        }
        finish(entry, result);
    }

    /** The worker's result: written and completed if the request is still the worker's to complete. */
    private void finish(final InFlightRequest entry, final ExecutionResult result) {
        final VspRequest request = entry.request();
        if (!entry.claim(InFlightRequest.FINISHED)) {
            counters.lateResultsDiscarded.increment();
            LOG.debug("{}: trans_id=0x{}: late result discarded", end.name(),
                    Long.toHexString(request.transactionId()));
            return;
        }
        inFlight.remove(request.transactionId(), entry);
        if (!gate.enter()) {
            request.range().revoke();
            counters.completionsDropped.increment();
            return;
        }
        try {
            if (end.state() != ChannelState.OPEN) {
                counters.completionsDropped.increment();
                return;
            }
            VspCompletion completion = result.completion();
            if (result.writes()) {
                try {
                    writeResponse(request, result);
                    counters.httpStatus(result.response().status());
                } catch (final MemoryAccessException e) {
                    completion = VspCompletion.failed(Errno.EFAULT);
                }
            }
            provider.execution().releaseHead(result.head()); // written, or never to be: the array is free
            // Sent inside the gate (which is re-entrant), so a detach cannot fall between write and send.
            completions.send(request.transactionId(), completion);
        } finally {
            // The host is done with the request's pages (RELIABILITY S2 b): no access through its view after this.
            request.range().revoke();
            gate.exit();
        }
    }

    /** Head into the response buffer, then the body into the data buffer from offset 0. Caller is inside the gate. */
    private void writeResponse(final VspRequest request, final ExecutionResult result) {
        request.range().putBytes(request.responseOffset(), result.head(), 0, result.headLength());
        // Straight from the store's buffer into the guest's pages: one copy, no temporary array.
        final BlobResponse response = result.response();
        response.copyBodyTo(request.range(), request.dataOffset());
        counters.bytesToGuest.add((long) result.headLength() + response.bodyLength());
    }

    // ---------------------------------------------------------------------------------------------
    // Timer path (the channel's scheduler)

    private void onTimeout(final InFlightRequest entry) {
        if (!entry.claim(InFlightRequest.TIMED_OUT)) {
            return;
        }
        entry.request().range().revoke(); // a worker still reading gets a typed error, its result is discarded
        final long transactionId = entry.request().transactionId();
        inFlight.remove(transactionId, entry);
        counters.timeouts.increment();
        LOG.debug("{}: trans_id=0x{} timed out after {} ms", end.name(), Long.toHexString(transactionId),
                entry.timeoutMillis());
        completions.send(transactionId, VspCompletion.failed(Errno.ETIMEDOUT));
    }

    // ---------------------------------------------------------------------------------------------
    // Detach

    /**
     * Stops serving the channel. New packets are no longer routed here; the gate is shut after the reads,
     * writes and sends in progress finish (at most {@link #DETACH_TIMEOUT_MILLIS}); every request in
     * flight is abandoned: completed with {@code EINTR} (one try, nothing written) when the channel is still
     * open, else dropped. Workers still running finish into nothing. After this returns the handle writes
     * nothing more into guest memory. Idempotent; callable from any thread but a worker of this provider.
     *
     * @return true when everything in progress had finished within the bound (false is also logged)
     */
    public boolean detach() {
        if (!detached.compareAndSet(false, true)) {
            return true;
        }
        provider.forget(this);
        final boolean quiet = gate.close(DETACH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!quiet) {
            LOG.warn("{}: detach waited {} ms for guest memory accesses in progress; shut without them",
                    end.name(), DETACH_TIMEOUT_MILLIS);
        }
        int abandoned = 0;
        for (final InFlightRequest entry : new ArrayList<>(inFlight.values())) {
            if (abandon(entry)) {
                abandoned++;
            }
        }
        LOG.debug("{}: detached, {} requests in flight abandoned", end.name(), abandoned);
        return quiet;
    }

    private boolean abandon(final InFlightRequest entry) {
        if (!entry.claim(InFlightRequest.ABANDONED)) {
            return false;
        }
        entry.request().range().revoke();
        final long transactionId = entry.request().transactionId();
        inFlight.remove(transactionId, entry);
        counters.abandoned.increment();
        if (end.state() == ChannelState.OPEN) {
            completions.sendOnceWithoutGate(transactionId, VspCompletion.failed(Errno.EINTR));
        } else {
            counters.completionsDropped.increment();
        }
        return true;
    }

    /** Same as {@link #detach()}. */
    @Override
    public void close() {
        detach();
    }

    // ---------------------------------------------------------------------------------------------
    // Diagnostics

    /**
     * A snapshot of the counters.
     *
     * @return the statistics
     */
    public ProviderChannelStatistics statistics() {
        return counters.snapshot(inFlight.size());
    }

    /**
     * The requests in flight now, by {@code trans_id}. Ages use the channel's scheduler clock, so call it
     * where that clock may be read (any thread for a threaded scheduler, the owner for a deterministic one).
     *
     * @return a new list
     */
    public List<InFlightRequestInfo> requestsInFlight() {
        final long now = end.scheduler().nanoTime();
        final List<InFlightRequestInfo> list = new ArrayList<>();
        for (final InFlightRequest entry : inFlight.values()) {
            list.add(entry.info(now));
        }
        list.sort(Comparator.comparingLong(InFlightRequestInfo::transactionId));
        return list;
    }

    @Override
    public String toString() {
        return "ProviderChannel(" + end.name() + (isAttached() ? "" : ", detached") + ", " + inFlight.size()
                + " in flight)";
    }
}

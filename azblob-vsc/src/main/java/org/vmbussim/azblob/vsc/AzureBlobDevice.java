package org.vmbussim.azblob.vsc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.protocol.AzBlobVspRequestLayout;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.ChannelState;
import org.vmbussim.core.channel.SendResult;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.packet.GpaRange;
import org.vmbussim.core.packet.Packet;
import org.vmbussim.core.packet.PacketFormatException;
import org.vmbussim.core.packet.PacketParser;
import org.vmbussim.core.packet.PacketType;
import org.vmbussim.core.process.Access;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.PinnedPageList;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.requestor.RequestorTable;
import org.vmbussim.core.ring.ReadResult;
import org.vmbussim.core.sched.Cancellable;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.MemoryAccessException;

/**
 * One Azure Blob device: the seed's {@code az_blob_device}, one object per probed channel (no global, no
 * {@code AZ_DEV}), with its device node, open files, pending requests, counters and MXBean. Created by
 * {@link AzureBlobDriver#probe}; see the package documentation for what the bus calls when.
 *
 * <p><b>The user request</b> ({@code IOCTL_AZ_BLOB_DRIVER_USER_REQUEST}): the seed's checks in the seed's
 * order with the seed's errno (VMBUS-REFERENCE.md §5.6), except where docs/differences-from-seed.md says
 * otherwise: removing {@code ENODEV}; credentials changed since open {@code EACCES}; struct unreadable
 * {@code EFAULT}; a zero request or response length {@code EINVAL}; {@code data_len < data_valid}
 * {@code EINVAL}; a length over 32 MiB {@code EINVAL}; more than 8192 pages in total {@code EINVAL}
 * (before pinning); a pin failure {@code EFAULT} (nothing left pinned); removal begun meanwhile
 * {@code ENODEV}; then the send. The request buffer is pinned for the host to read, the response and
 * data buffers for it to write. One GPA-direct packet carries the request.
 *
 * <p><b>Waiting</b> is always bounded: a full ring or requestor waits (or {@code EAGAIN} at once for
 * {@code O_NONBLOCK}) until the request's deadline, the user's timeout (or
 * {@link AzureBlobConfig#zeroTimeoutMillis()}) plus {@link AzureBlobConfig#graceMillis()}; a request
 * still unsent then fails with {@code EAGAIN}, one sent but not completed with {@code ETIMEDOUT} and
 * becomes an orphan, keeping its pages and requestor id until the host completes it or the channel goes.
 * {@link #submit} gives the result as a future (the io_uring point of the review), {@link #ioctl} waits for
 * it with {@link Scheduler#await}.
 *
 * <p><b>Completions</b> are checked before they touch a request: a completion packet, an id the requestor
 * table knows for this device's cookie (unknown, zero, duplicate or sentinel ids are dropped, counted and
 * logged at a limited rate, changing nothing), a whole response, and lengths within the buffers (else
 * {@code EPROTO} for that request only). {@code status} and {@code response_len} are then written into
 * the user's struct at offsets 64 and 68.
 *
 * <p>Thread-safe. Lock order: request, channel send lock, requestor, tracker slot lock; tracker lock,
 * file. No future is completed while a lock is held.
 */
public final class AzureBlobDevice {
    private static final Logger LOG = LoggerFactory.getLogger(AzureBlobDevice.class);
    /** How much longer than a request's own deadline a synchronous caller waits, so the deadline timer wins. */
    private static final long AWAIT_SLACK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What a send attempt led to. */
    private enum SendOutcome {
        SENT, WAITING_FOR_SPACE, WAITING_FOR_SLOT, FAILED, NOT_PENDING
    }

    private final AzureBlobDriver driver;
    private final AzureBlobConfig config;
    private final Devfs devfs;
    private final GuestMemory memory;
    private final ChannelEnd channel;
    private final RequestorTable requestor;
    private final Scheduler scheduler;
    private final RequestTracker tracker = new RequestTracker();
    private final DeviceCounters counters = new DeviceCounters();
    private final RateLimitedLog peerLog;
    private final AtomicBoolean removalFinished = new AtomicBoolean();
    /**
     * The sending thread's {@code az_blob_vsp_request} scratch, instead of an array and a ByteBuf per request.
     * Ownership: written and read only inside one send attempt, on that thread ({@link #trySend}: encode, then
     * {@code sendGpaDirect}, which copies the bytes into the ring before it returns); nothing keeps a reference
     * past the attempt, and each attempt zeroes and rewrites all 56 bytes, so one request's fields never reach
     * another's packet. Per device and per thread: never shared between devices or between threads.
     */
    private final ThreadLocal<ByteBuf> payloadScratch =
            ThreadLocal.withInitial(() -> Unpooled.wrappedBuffer(new byte[AzBlobVspRequestLayout.LENGTH]));
    private final CompletableFuture<Void> removed = new CompletableFuture<>();
    private volatile String path;
    private volatile JmxRegistration jmx;
    private volatile Cancellable drainTimer;

    private AzureBlobDevice(final AzureBlobDriver driver, final AzureBlobConfig config, final Devfs devfs,
            final GuestMemory memory, final ChannelEnd channel) {
        this.driver = driver;
        this.config = config;
        this.devfs = devfs;
        this.memory = memory;
        this.channel = channel;
        this.requestor = channel.requestor();
        this.scheduler = channel.scheduler();
        this.peerLog = new RateLimitedLog(LOG, scheduler::nanoTime, RateLimitedLog.DEFAULT_BURST,
                RateLimitedLog.DEFAULT_INTERVAL_NANOS);
    }

    /**
     * Creates and starts a device on an open channel (called by {@link AzureBlobDriver#probe}).
     *
     * @throws ErrnoException {@code ENODEV} when the channel is not open, {@code EINVAL} without a requestor
     */
    static AzureBlobDevice create(final AzureBlobDriver driver, final AzureBlobConfig config, final Devfs devfs,
            final GuestMemory memory, final ChannelEnd channel) {
        if (channel.requestor() == null || channel.requestor().size() == 0) {
            throw new ErrnoException(Errno.EINVAL, channel.name() + ": opened without a requestor table (expected: "
                    + AzureBlobDriver.REQUESTOR_SIZE + " ids)");
        }
        final AzureBlobDevice device = new AzureBlobDevice(driver, config, devfs, memory, channel);
        // The listener first, then the state check: a rescind in between is seen by one or the other.
        channel.addListener((end, state, cause) -> device.onChannelStateChange(state));
        if (channel.state() != ChannelState.OPEN) {
            throw new ErrnoException(Errno.ENODEV, channel.name() + ": channel is " + channel.state());
        }
        return device;
    }

    /**
     * Registers the node and the MXBean (after the driver bound the device to its channel). Registration
     * publishes the device to openers through the devfs lock.
     */
    void publish() {
        path = devfs.register(config.nodeBaseName(), this::open);
        jmx = config.mbeanServer().map(server -> JmxRegistration.register(server, config.jmxDomain(),
                memory.name(), path, new DeviceMXBeanAdapter(this))).orElse(null);
    }

    // ---------------------------------------------------------------------------------------------
    // Public view

    /**
     * The device node.
     *
     * @return e.g. {@code /dev/azure_blob} or {@code /dev/azure_blob1}
     */
    public String path() {
        return path;
    }

    /**
     * The guest end of the device's channel.
     *
     * @return the channel
     */
    public ChannelEnd channel() {
        return channel;
    }

    /**
     * The device's MXBean name.
     *
     * @return the name, or empty when JMX is off or registration failed
     */
    public Optional<ObjectName> objectName() {
        final JmxRegistration registration = jmx;
        return registration == null ? Optional.empty() : Optional.of(registration.name());
    }

    /**
     * Whether removal has begun (new requests fail with {@code ENODEV}).
     *
     * @return true once removing
     */
    public boolean isRemoving() {
        return tracker.isRemoving();
    }

    /**
     * Whether removal has finished: the channel closed, every request failed or completed, every page and
     * id given back, the MXBean unregistered.
     *
     * @return true once removed
     */
    public boolean isRemoved() {
        return removed.isDone();
    }

    /**
     * A snapshot of the counters and gauges.
     *
     * @return the statistics
     */
    public AzureBlobStatistics statistics() {
        long inFlight = 0;
        long orphaned = 0;
        long waiting = 0;
        long pinned = 0;
        for (final UserRequest r : tracker.snapshot()) {
            final UserRequest.State state = r.state();
            if (state == UserRequest.State.DONE) {
                continue;
            }
            if (state.isUnsent()) {
                waiting++;
            } else {
                inFlight++;
                if (state == UserRequest.State.ORPHANED) {
                    orphaned++;
                }
            }
            pinned += r.pageCount();
        }
        return new AzureBlobStatistics(counters.submitted.sum(), counters.sent.sum(), counters.completions.sum(),
                counters.droppedPackets.sum(), counters.orphanedTotal.sum(), counters.requestBytes.sum(),
                counters.dataBytes.sum(), counters.responseBytes.sum(), counters.statusCounts(),
                counters.otherStatusCount(), counters.errnoCounts(), inFlight, orphaned, waiting, pinned,
                tracker.files().size());
    }

    /**
     * The pending-request listing of every open file, in the seed's debugfs format (administrator's view,
     * as the seed's root-only debugfs file; see {@link #pendingRequestsListing(SimProcess)} for a
     * process's own view).
     *
     * @return the text
     */
    public String pendingRequestsListing() {
        return PendingRequestsListing.format(tracker.files());
    }

    /**
     * The pending-request listing restricted to the files a process opened, so no process sees another's
     * GUIDs and buffer addresses (RELIABILITY V1).
     *
     * @param viewer a task of the process whose files to show
     * @return the text
     */
    public String pendingRequestsListing(final SimProcess viewer) {
        final List<AzureBlobFile> own = new ArrayList<>();
        for (final AzureBlobFile f : tracker.files()) {
            if (f.opener().tgid() == viewer.tgid()) {
                own.add(f);
            }
        }
        return PendingRequestsListing.format(own);
    }

    // ---------------------------------------------------------------------------------------------
    // Removal and channel loss

    /**
     * Removes the device (the bus's {@code remove}): no new opens or requests ({@code ENODEV}), the node
     * disappears, then waits up to {@link AzureBlobConfig#removeDrainMillis()} for the host to complete what
     * it holds, fails the rest with {@code ENODEV}, closes the channel, gives back every page and requestor
     * id and unregisters the MXBean. It does not wait for files to be closed (open handles then get
     * {@code ENODEV}). Idempotent. Called on a scheduler task it cannot wait and finishes at once.
     */
    public void remove() {
        final CompletableFuture<Void> done = beginRemove();
        if (done.isDone()) {
            return;
        }
        try {
            scheduler.await(done, TimeUnit.MILLISECONDS.toNanos(config.removeDrainMillis()) + AWAIT_SLACK_NANOS,
                    TimeUnit.NANOSECONDS);
        } catch (final TimeoutException | ExecutionException e) {
            finishRemove("the drain wait ended without the drain timer");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            finishRemove("interrupted while draining");
        } catch (final IllegalStateException e) {
            // Scheduler.await refuses to block a scheduler task: finish without waiting.
            finishRemove("removed from a scheduler task, which cannot wait");
        }
    }

    /**
     * Begins removal without blocking: as {@link #remove()}, with the drain bounded by a timer on the
     * scheduler. Safe on a scheduler task.
     *
     * @return a future completed when removal has finished
     */
    public CompletableFuture<Void> beginRemove() {
        if (!tracker.beginRemoval()) {
            return removed.copy();
        }
        devfs.unregister(path);
        try {
            drainTimer = scheduler.schedule(() -> finishRemove("drain bound reached"), config.removeDrainMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (final RejectedExecutionException e) {
            finishRemove("scheduler closed");
            return removed.copy();
        }
        tracker.whenDrained(() -> finishRemove("drained"));
        return removed.copy();
    }

    private void finishRemove(final String why) {
        if (!removalFinished.compareAndSet(false, true)) {
            return;
        }
        final Cancellable timer = drainTimer;
        if (timer != null) {
            timer.cancel();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: removing ({}), {} requests left", channel.name(), why, tracker.size());
        }
        // Closing fails whatever is left through the channel listener; if the channel had already left
        // OPEN (rescind), the listener ran then and this second pass finds nothing or a late admission.
        channel.close();
        failAll(Errno.ENODEV, "device removed");
        final JmxRegistration registration = jmx;
        if (registration != null) {
            registration.unregister();
        }
        driver.unbind(this);
        removed.complete(null);
    }

    private void onChannelStateChange(final ChannelState state) {
        LOG.debug("{}: channel {}, failing pending requests", channel.name(), state);
        failAll(state == ChannelState.FAULTED ? Errno.EIO : Errno.ENODEV, "channel " + state.name().toLowerCase());
    }

    /** Fails every request with the channel gone and drains the requestor table. The channel is not OPEN. */
    private void failAll(final Errno errno, final String why) {
        for (final UserRequest r : tracker.snapshot()) {
            final boolean answer;
            final UserRequest.Leftovers leftovers;
            synchronized (r) {
                final UserRequest.State state = r.stateLocked();
                if (state == UserRequest.State.DONE) {
                    continue;
                }
                answer = state != UserRequest.State.ORPHANED;
                leftovers = r.finishLocked();
            }
            finish(r, leftovers, answer, new ErrnoException(errno, channel.name() + ": " + why));
        }
        requestor.drainAll();
    }

    // ---------------------------------------------------------------------------------------------
    // File operations

    /** {@code open}: captures the opener, its credentials object and the flags. */
    private AzureBlobFile open(final SimProcess opener, final int flags) {
        if (opener.addressSpace().memory() != memory) {
            throw new ErrnoException(Errno.ENODEV, path + ": opened by a process of another guest (" + opener + ")");
        }
        final AzureBlobFile file = new AzureBlobFile(this, opener, flags);
        if (!tracker.addFile(file)) {
            throw new ErrnoException(Errno.ENODEV, path + ": device is being removed");
        }
        return file;
    }

    /** {@code unlocked_ioctl}: submits and waits, bounded. */
    @SuppressWarnings("try") // the intent is only closed, never referenced
    long ioctl(final AzureBlobFile file, final SimProcess caller, final int command, final long arg) {
        checkCommand(command);
        // The caller will wait: the host's drain its signal schedules can wait for it to run (threaded scheduler).
        try (Scheduler.WaitIntent waiting = scheduler.intendToAwait()) {
            final UserRequest r = start(file, caller, arg);
            final CompletableFuture<Long> result = r.result();
            try {
                return scheduler.await(result, r.deadlineNanos() + AWAIT_SLACK_NANOS, TimeUnit.NANOSECONDS);
            } catch (final ExecutionException e) {
                throw asErrno(e.getCause());
            } catch (final TimeoutException e) {
                abandon(r, Errno.ETIMEDOUT, Errno.EAGAIN, "no completion before the deadline");
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon(r, Errno.EINTR, Errno.EINTR, "interrupted");
            }
            // Abandoning, or a completion that raced with it, has finished the future.
            try {
                return result.join();
            } catch (final CompletionException | CancellationException e) {
                throw asErrno(e.getCause() == null ? e : e.getCause());
            }
        }
    }

    /** The io_uring-style path: same checks, same packet, the result as a future. */
    CompletableFuture<Long> submit(final AzureBlobFile file, final SimProcess caller, final int command,
            final long arg) {
        try {
            checkCommand(command);
            // A copy: what the caller does to its future cannot disturb the request's own.
            return start(file, caller, arg).result().copy();
        } catch (final ErrnoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@code release}: the last handle was closed. When the opener's process has exited, its requests are
     * orphaned at once (nobody waits for them any more); otherwise waits up to
     * {@link AzureBlobConfig#releaseWaitMillis()} for this file's own requests, then returns regardless
     * (they still end by their own deadlines).
     */
    void release(final AzureBlobFile file) {
        if (!file.opener().isAlive()) {
            for (final UserRequest r : file.requests()) {
                abandon(r, Errno.EINTR, Errno.EINTR, "the process exited");
            }
        } else {
            final List<CompletableFuture<Long>> waiting = new ArrayList<>();
            for (final UserRequest r : file.requests()) {
                if (!r.result().isDone()) {
                    waiting.add(r.result());
                }
            }
            if (!waiting.isEmpty()) {
                awaitQuietly(CompletableFuture.allOf(waiting.toArray(new CompletableFuture<?>[0])),
                        config.releaseWaitMillis(), file);
            }
        }
        if (file.markReleased()) {
            tracker.dropFile(file);
        }
    }

    private void awaitQuietly(final CompletableFuture<Void> all, final long millis, final AzureBlobFile file) {
        try {
            scheduler.await(all.exceptionally(e -> null), millis, TimeUnit.MILLISECONDS);
        } catch (final TimeoutException e) {
            LOG.debug("{}: release of {} goes on with requests still pending", path, file);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final ExecutionException | IllegalStateException e) {
            // IllegalStateException: released on a scheduler task, which must not block.
            LOG.debug("{}: release of {} could not wait: {}", path, file, e.toString());
        }
    }

    private void checkCommand(final int command) {
        if (command != Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST) {
            counters.errno(Errno.ENOTTY);
            throw new ErrnoException(Errno.ENOTTY, path + ": unknown ioctl command 0x" + Integer.toHexString(command));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The user request path

    /** Checks, pins, admits and sends; the request's future then carries the outcome. */
    private UserRequest start(final AzureBlobFile file, final SimProcess caller, final long arg) {
        counters.submitted.increment();
        final UserRequest r;
        try {
            r = prepare(file, caller, arg);
        } catch (final ErrnoException e) {
            counters.errno(e.errno());
            LOG.debug("{}: request refused: {}", path, e.getMessage());
            throw e;
        }
        try {
            r.setDeadlineTimer(scheduler.schedule(() -> abandon(r, Errno.ETIMEDOUT, Errno.EAGAIN,
                    "no completion before the deadline"), r.deadlineNanos(), TimeUnit.NANOSECONDS));
        } catch (final RejectedExecutionException e) {
            failUnsent(r, Errno.ENODEV, "scheduler closed");
            return r;
        }
        trySend(r);
        return r;
    }

    private UserRequest prepare(final AzureBlobFile file, final SimProcess caller, final long arg) {
        if (file.isReleased()) {
            throw new ErrnoException(Errno.EBADF, path + ": file already released");
        }
        if (tracker.isRemoving()) {
            throw new ErrnoException(Errno.ENODEV, path + ": device is being removed");
        }
        // Linux f_cred == current_cred(): the very object captured at open, compared by identity.
        if (caller.credentials() != file.openCredentials()) {
            throw new ErrnoException(Errno.EACCES, path + ": pid " + caller.pid()
                    + " changed credentials after opening the file");
        }
        final AddressSpace space = caller.addressSpace();
        final AzBlobRequestSync sync;
        try {
            sync = AzBlobRequestSync.read(space, arg);
        } catch (final MemoryAccessException e) {
            throw new ErrnoException(Errno.EFAULT, path + ": az_blob_request_sync at 0x" + Long.toHexString(arg)
                    + " is not readable", e);
        }
        final RequestGeometry geometry = RequestGeometry.check(sync);
        // Charged from the geometry (address and length), before anything is pinned (Kelley's v2 point).
        final PinBudget budget = driver.pinBudget();
        if (!budget.tryCharge(geometry.totalPages())) {
            throw new ErrnoException(Errno.ENOMEM, path + ": " + geometry.totalPages() + " more pages would pass the"
                    + " driver's pin budget (" + budget.chargedPages() + " of " + budget.limitPages() + " in use)");
        }
        // One PFN list for the three buffers, in range order (data, request, response), pinned in the seed's
        // order (request, response, data); handed over to the request, which closes it on its DONE transition.
        final PinnedPageList pins = space.pinnedPageList(geometry.totalPages());
        final UserRequest r;
        try {
            pin(pins, sync.requestBuffer(), sync.requestLen(), Access.HOST_READS, "request", geometry.dataPages());
            pin(pins, sync.responseBuffer(), sync.responseLen(), Access.HOST_WRITES, "response",
                    geometry.dataPages() + geometry.requestPages());
            if (sync.dataLen() != 0) {
                pin(pins, sync.dataBuffer(), sync.dataLen(), Access.HOST_WRITES, "data", 0);
            }
            final GpaRange range = VspRequestEncoder.range(pins);
            final long timeoutMillis = sync.timeout() == 0 ? config.zeroTimeoutMillis()
                    : Integer.toUnsignedLong(sync.timeout());
            r = new UserRequest(tracker.newCookie(), file, sync, arg, space, file.isNonBlocking(),
                    TimeUnit.MILLISECONDS.toNanos(timeoutMillis + config.graceMillis()), pins, range, geometry,
                    budget, geometry.totalPages());
        } catch (final RuntimeException e) {
            pins.close();
            budget.uncharge(geometry.totalPages());
            throw e;
        }
        if (!tracker.admit(r)) {
            r.unpinAll();
            throw new ErrnoException(Errno.ENODEV, path + ": device is being removed");
        }
        return r;
    }

    private static void pin(final PinnedPageList pins, final long address, final int length, final Access access,
            final String which, final int atPage) {
        try {
            pins.pin(address, Integer.toUnsignedLong(length), access, atPage);
        } catch (final ErrnoException e) {
            // The seed returns -EFAULT for every pin failure (import_single_range, a partial pin).
            throw new ErrnoException(Errno.EFAULT, which + " buffer: " + e.getMessage(), e);
        }
    }

    /** One send attempt after another until the request is on the ring, parked, or failed. */
    private SendOutcome trySend(final UserRequest r) {
        while (true) {
            final long freesSeen = tracker.slotFrees();
            SendResult sent = null;
            CompletableFuture<Void> space = null;
            Errno failure = null;
            UserRequest.Leftovers leftovers = null;
            boolean parked = false;
            synchronized (r) {
                if (!r.stateLocked().isUnsent()) {
                    return SendOutcome.NOT_PENDING;
                }
                final ByteBuf payload = payloadScratch.get();
                VspRequestEncoder.payload(r.sync(), r.geometry(), payload.array());
                final SendResult result = channel.sendGpaDirect(r.ranges(), payload, 0, AzBlobVspRequestLayout.LENGTH,
                        r.cookie());
                switch (result.status()) {
                    case SENT:
                        r.sentLocked(result.transactionId());
                        sent = result;
                        break;
                    case RING_FULL:
                        if (r.isNonBlocking()) {
                            failure = Errno.EAGAIN;
                        } else {
                            space = channel.awaitSpace(result.bytesNeeded());
                            r.waitForSpaceLocked(space);
                        }
                        break;
                    case REQUESTOR_FULL:
                        if (r.isNonBlocking()) {
                            failure = Errno.EAGAIN;
                        } else if (tracker.parkForSlot(r, freesSeen)) {
                            r.setStateLocked(UserRequest.State.WAITING_FOR_SLOT);
                            parked = true;
                        }
                        break;
                    default:
                        failure = result.errno();
                        break;
                }
                if (failure != null) {
                    leftovers = r.finishLocked();
                }
            }
            if (sent != null) {
                onSent(r, sent);
                return SendOutcome.SENT;
            }
            if (failure != null) {
                finish(r, leftovers, true, new ErrnoException(failure, path + ": send failed (" + failure
                        + (failure == Errno.EAGAIN ? ", ring or requestor full on a non-blocking file)" : ")")));
                return SendOutcome.FAILED;
            }
            if (parked) {
                return SendOutcome.WAITING_FOR_SLOT;
            }
            if (space != null) {
                if (!space.isDone()) {
                    space.whenComplete((v, e) -> onSpace(r, e));
                    return SendOutcome.WAITING_FOR_SPACE;
                }
                if (space.isCompletedExceptionally()) {
                    onSpace(r, exceptionOf(space));
                    return SendOutcome.FAILED;
                }
            }
            // Room appeared (or an id was freed) while we looked: try again.
        }
    }

    private void onSent(final UserRequest r, final SendResult sent) {
        counters.sent.increment();
        counters.requestBytes.add(Integer.toUnsignedLong(r.sync().requestLen()));
        counters.dataBytes.add(r.sync().dataLen() == 0 ? 0 : Integer.toUnsignedLong(r.sync().dataValid()));
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: sent {} as trans_id {}", path, r, sent.transactionId());
        }
    }

    private void onSpace(final UserRequest r, final Throwable error) {
        if (error == null) {
            trySend(r);
            return;
        }
        final Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                : error;
        if (cause instanceof CancellationException) {
            return; // the request ended meanwhile and cancelled its wait
        }
        failUnsent(r, cause instanceof ErrnoException ? ((ErrnoException) cause).errno() : Errno.EIO,
                "waiting for ring space: " + cause.getMessage());
    }

    private static Throwable exceptionOf(final CompletableFuture<?> failed) {
        try {
            failed.join();
            return new IllegalStateException("future did not fail");
        } catch (final CompletionException | CancellationException e) {
            return e;
        }
    }

    /** Fails a request the host never got. */
    private void failUnsent(final UserRequest r, final Errno errno, final String why) {
        final UserRequest.Leftovers leftovers;
        synchronized (r) {
            if (!r.stateLocked().isUnsent()) {
                return;
            }
            leftovers = r.finishLocked();
        }
        finish(r, leftovers, true, new ErrnoException(errno, path + ": " + why));
    }

    /**
     * The caller stops waiting (deadline, interruption, process exit): an unsent request fails with
     * {@code unsentErrno} and gives everything back; a sent one answers {@code sentErrno} and becomes an
     * orphan, keeping its pages and id for the host.
     */
    private void abandon(final UserRequest r, final Errno sentErrno, final Errno unsentErrno, final String why) {
        final UserRequest.Leftovers leftovers;
        final boolean orphaned;
        synchronized (r) {
            final UserRequest.State state = r.stateLocked();
            if (state.isUnsent()) {
                leftovers = r.finishLocked();
                orphaned = false;
            } else if (state == UserRequest.State.IN_FLIGHT) {
                leftovers = r.orphanLocked();
                orphaned = true;
            } else {
                return;
            }
        }
        if (!orphaned) {
            finish(r, leftovers, true, new ErrnoException(unsentErrno, path + ": " + why + " (never sent)"));
            return;
        }
        leftovers.cancel();
        counters.orphanedTotal.increment();
        counters.errno(sentErrno);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} orphaned: {}", path, r, why);
        }
        r.result().completeExceptionally(new ErrnoException(sentErrno, path + ": " + why
                + "; the host keeps the buffers until it completes"));
    }

    /**
     * After the DONE transition: cancels timers, unpins, forgets the request, answers the caller.
     *
     * @param error null for success (0)
     */
    private void finish(final UserRequest r, final UserRequest.Leftovers leftovers, final boolean answer,
            final ErrnoException error) {
        leftovers.cancel();
        r.unpinAll();
        tracker.remove(r);
        if (!answer) {
            return;
        }
        if (error == null) {
            r.result().complete(0L);
        } else {
            counters.errno(error.errno());
            r.result().completeExceptionally(error);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Completions (on the scheduler, one packet at a time)

    /** The channel callback for this device's packets. */
    void onPacket(final ByteBuf packetCopy, final ReadResult.Packet info) {
        final Packet packet;
        try {
            packet = PacketParser.parse(packetCopy, 0, info.length());
        } catch (final PacketFormatException e) {
            drop("malformed packet dropped: {}", e.getMessage());
            return;
        }
        if (packet.type() != PacketType.COMPLETION) {
            // Only a completion's trans_id names a request (OpenVMM's rule); the id of any other packet is
            // meaningless, and the request it might name is left alone.
            drop("{} packet with trans_id {} dropped (expected: a completion)", packet.type(),
                    Long.toUnsignedString(packet.transactionId()));
            return;
        }
        final long id = packet.transactionId();
        final long cookie = requestor.lookup(id);
        final UserRequest r = cookie < 0 ? null : tracker.get(cookie);
        // release with the expected cookie frees the id only if it still belongs to this request.
        if (r == null || requestor.release(id, cookie) != cookie) {
            drop("completion with trans_id {} dropped: no pending request has that id", Long.toUnsignedString(id));
            return;
        }
        tracker.slotFreed();
        onHostCompleted(r, VspCompletion.read(packetCopy, packet, r.sync().responseLen(), r.sync().dataLen()));
        wakeSlotWaiters();
    }

    private void drop(final String format, final Object... args) {
        counters.droppedPackets.increment();
        final Object[] withName = new Object[args.length + 1];
        withName[0] = channel.name();
        System.arraycopy(args, 0, withName, 1, args.length);
        peerLog.warn("{}: " + format, withName);
    }

    private void onHostCompleted(final UserRequest r, final VspCompletion completion) {
        final boolean answer;
        final UserRequest.Leftovers leftovers;
        synchronized (r) {
            final UserRequest.State state = r.stateLocked();
            if (state != UserRequest.State.IN_FLIGHT && state != UserRequest.State.ORPHANED) {
                return; // failed meanwhile by the channel's teardown
            }
            answer = state == UserRequest.State.IN_FLIGHT;
            leftovers = r.finishLocked();
        }
        ErrnoException error = null;
        if (!completion.isAcceptable()) {
            peerLog.warn("{}: {} failed with EPROTO: {}", channel.name(), r, completion.protocolError());
            error = new ErrnoException(Errno.EPROTO, path + ": bad completion: " + completion.protocolError());
        } else {
            counters.completions.increment();
            counters.status(completion.status());
            counters.responseBytes.add(Integer.toUnsignedLong(completion.responseLen()));
            if (answer) {
                try {
                    AzBlobRequestSync.writeResponse(r.userMemory(), r.structAddress(), completion.status(),
                            completion.responseLen());
                } catch (final MemoryAccessException e) {
                    error = new ErrnoException(Errno.EFAULT, path + ": response could not be copied to user space",
                            e);
                }
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: {} completed: status {} response_len {}{}", path, r,
                        Integer.toUnsignedString(completion.status()),
                        Integer.toUnsignedString(completion.responseLen()), answer ? "" : " (orphan reclaimed)");
            }
        }
        finish(r, leftovers, answer, error);
    }

    /** A requestor id was freed: give it to the requests parked for one, oldest first. */
    private void wakeSlotWaiters() {
        for (UserRequest w = tracker.pollSlotWaiter(); w != null; w = tracker.pollSlotWaiter()) {
            final SendOutcome outcome = trySend(w);
            if (outcome == SendOutcome.SENT || outcome == SendOutcome.WAITING_FOR_SLOT) {
                return; // the id was taken (by this request or by someone faster)
            }
        }
    }

    private static ErrnoException asErrno(final Throwable t) {
        if (t instanceof ErrnoException) {
            return (ErrnoException) t;
        }
        return new ErrnoException(Errno.EIO, "request failed unexpectedly: " + t, t);
    }

    @Override
    public String toString() {
        return "AzureBlobDevice[" + path + " on " + channel.name() + (isRemoving() ? ", removing" : "") + "]";
    }
}

package org.vmbussim.mgmt.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.mgmt.bus.ChannelState;
import org.vmbussim.mgmt.bus.IoGate;
import org.vmbussim.mgmt.bus.OpenParams;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.message.ChannelMessage;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.CloseChannel;
import org.vmbussim.mgmt.message.GpaRange;
import org.vmbussim.mgmt.message.GpadlCreated;
import org.vmbussim.mgmt.message.GpadlMessages;
import org.vmbussim.mgmt.message.GpadlTeardown;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.message.OpenChannel;
import org.vmbussim.mgmt.message.OpenChannelResult;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.mgmt.spi.ChannelDataPath;
import org.vmbussim.mgmt.spi.DataPathSpec;
import org.vmbussim.mgmt.spi.Side;
import org.vmbussim.mgmt.support.BoundedWait;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * One channel of the guest ({@code struct vmbus_channel}): its offer, state, sub-channels, I/O gate, and the
 * open/close sequences of Linux {@code channel.c} (VMBUS-REFERENCE.md §4.5). State is confined to the control
 * executor; the public methods hop onto it.
 */
final class GuestChannel implements VmbusChannel {
    private static final Logger LOG = LoggerFactory.getLogger(GuestChannel.class);

    private final VmbusGuest guest;
    private final OfferChannel offer;
    private final DeviceType deviceType;
    private final GuestChannel primary;
    private final IoGate ioGate;
    private final CompletableFuture<Void> setUp = new CompletableFuture<>();
    private final List<GuestChannel> subs = new ArrayList<>();
    private volatile List<VmbusChannel> subSnapshot = List.of();
    private volatile ChannelState state = ChannelState.OFFER;
    private volatile boolean rescinded;
    private volatile Consumer<VmbusChannel> subChannelCallback;
    private volatile ChannelDataPath dataPath;
    private boolean rescindClaimed;
    private VmbusDevice device;
    private Ring ring;
    private CompletableFuture<ChannelDataPath> openInFlight;

    GuestChannel(final VmbusGuest guest, final OfferChannel offer, final DeviceType deviceType,
            final GuestChannel primary) {
        this.guest = guest;
        this.offer = offer;
        this.deviceType = deviceType;
        this.primary = primary;
        this.ioGate = new IoGate("relid " + offer.childRelid());
    }

    @Override
    public int relid() {
        return offer.childRelid();
    }

    @Override
    public OfferChannel offer() {
        return offer;
    }

    @Override
    public DeviceType deviceType() {
        return deviceType;
    }

    @Override
    public ChannelState state() {
        return state;
    }

    @Override
    public boolean isRescinded() {
        return rescinded;
    }

    @Override
    public Optional<VmbusChannel> primary() {
        return Optional.ofNullable(primary);
    }

    @Override
    public List<VmbusChannel> subChannels() {
        return subSnapshot;
    }

    @Override
    public void setSubChannelCallback(final Consumer<VmbusChannel> callback) {
        this.subChannelCallback = callback;
    }

    @Override
    public IoGate ioGate() {
        return ioGate;
    }

    @Override
    public Optional<ChannelDataPath> dataPath() {
        return Optional.ofNullable(dataPath);
    }

    @Override
    public CompletableFuture<ChannelDataPath> open(final OpenParams params) {
        final CompletableFuture<ChannelDataPath> result = new CompletableFuture<>();
        guest.executor().execute(() -> startOpen(params, result));
        return result;
    }

    @Override
    public CompletableFuture<Void> close() {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        guest.executor().execute(() -> {
            if (state != ChannelState.OPENED) {
                result.completeExceptionally(new ErrnoException(Errno.EINVAL, "relid " + relid() + " is " + state
                        + ", not OPENED"));
                return;
            }
            doClose().whenComplete((v, e) -> complete(result, v, e));
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        guest.executor().execute(() -> {
            if (state == ChannelState.OPENED) {
                doClose().whenComplete((v, e) -> result.complete(null));
            } else if (state == ChannelState.OPENING && openInFlight != null) {
                // The open fails on its own (the gate is closed or the channel rescinded) and cleans up.
                openInFlight.whenComplete((v, e) -> shutdown().whenComplete((x, y) -> result.complete(null)));
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    // ---- for the guest, on the control executor ----

    boolean isSubChannel() {
        return primary != null;
    }

    GuestChannel primaryChannel() {
        return primary;
    }

    VmbusDevice device() {
        return device;
    }

    void setDevice(final VmbusDevice value) {
        this.device = value;
    }

    CompletableFuture<Void> setUp() {
        return setUp;
    }

    void markSetUp() {
        state = ChannelState.OPEN;
        setUp.complete(null);
    }

    boolean hasSubChannelIndex(final int index) {
        for (final GuestChannel sc : subs) {
            if (sc.offer.offer().subChannelIndex() == index) {
                return true;
            }
        }
        return false;
    }

    void addSubChannel(final GuestChannel sc) {
        subs.add(sc);
        subSnapshot = List.copyOf(subs);
    }

    void removeSubChannel(final GuestChannel sc) {
        subs.remove(sc);
        subSnapshot = List.copyOf(subs);
    }

    Consumer<VmbusChannel> subChannelCallback() {
        return subChannelCallback;
    }

    /** Claims the rescind (Linux {@code rescind_ref}); false for a duplicate. */
    boolean claimRescind() {
        if (rescindClaimed) {
            return false;
        }
        rescindClaimed = true;
        rescinded = true;
        ioGate.close();
        return true;
    }

    void markRemoved() {
        state = ChannelState.REMOVED;
        ioGate.close();
    }

    // ---- open (vmbus_open) ----

    private void startOpen(final OpenParams params, final CompletableFuture<ChannelDataPath> result) {
        final String refusal = rescinded ? "rescinded" : !guest.isConnected() ? "not connected"
                : !ioGate.isOpen() ? "being removed" : null;
        if (refusal != null) {
            result.completeExceptionally(new ErrnoException(Errno.ENODEV, "relid " + relid() + ": " + refusal));
            return;
        }
        if (state != ChannelState.OPEN) {
            final Errno errno = state == ChannelState.OPENING || state == ChannelState.OPENED ? Errno.EBUSY
                    : Errno.EINVAL;
            result.completeExceptionally(new ErrnoException(errno, "relid " + relid() + " is " + state));
            return;
        }
        final long firstPfn;
        try {
            firstPfn = guest.pages().allocateContiguous(params.totalPages());
        } catch (final RuntimeException e) {
            result.completeExceptionally(e instanceof ErrnoException ? e
                    : new ErrnoException(Errno.ENOMEM, "ring allocation failed: " + e, e));
            return;
        }
        state = ChannelState.OPENING;
        openInFlight = result;
        final Ring r = new Ring(firstPfn, params.totalPages(), params.sendRingPages(), guest.nextGpadlHandle());
        final OpenProgress progress = new OpenProgress();
        createGpadl(r, progress)
                .thenCompose(v -> sendOpen(r, params, progress))
                .whenComplete((v, e) -> finishOpen(r, progress, e, result));
    }

    private CompletableFuture<Void> createGpadl(final Ring r, final OpenProgress progress) {
        final CompletableFuture<ChannelMessage> reply = guest.waiters().expect(ChannelMessageType.GPADL_CREATED,
                relid(), r.gpadl, this, guest.config().replyTimeoutNanos(), "GPADL_HEADER");
        final List<ChannelMessage> messages = GpadlMessages.forRange(relid(), r.gpadl,
                new GpaRange(r.pageCount * VmbusProtocol.HV_PAGE_SIZE, 0, r.pfns()));
        for (int i = 0; i < messages.size(); i++) {
            final ErrnoException failure = guest.post(messages.get(i));
            if (failure != null) {
                guest.waiters().cancel(reply);
                // A host that queued part of a GPADL has no complete GPADL to tear down.
                progress.gpadlMayExist = false;
                return CompletableFuture.failedFuture(failure);
            }
            progress.gpadlMayExist = true;
        }
        return reply.thenApply(m -> {
            final GpadlCreated created = (GpadlCreated) m;
            if (created.creationStatus() != 0) {
                progress.gpadlMayExist = false;
                throw new ErrnoException(Errno.EDQUOT, "host refused GPADL 0x" + Integer.toHexString(r.gpadl)
                        + ": status 0x" + Integer.toHexString(created.creationStatus()));
            }
            return null;
        });
    }

    private CompletableFuture<Void> sendOpen(final Ring r, final OpenParams params, final OpenProgress progress) {
        final int openId = relid();
        final CompletableFuture<ChannelMessage> reply = guest.waiters().expect(
                ChannelMessageType.OPEN_CHANNEL_RESULT, relid(), openId, this, guest.config().replyTimeoutNanos(),
                "OPENCHANNEL");
        final ErrnoException failure = guest.post(new OpenChannel(relid(), openId, r.gpadl, params.targetVp(),
                r.sendPages, params.userData()));
        if (failure != null) {
            guest.waiters().cancel(reply);
            return CompletableFuture.failedFuture(failure);
        }
        progress.openSent = true;
        return reply.thenApply(m -> {
            final OpenChannelResult res = (OpenChannelResult) m;
            if (res.status() != 0) {
                progress.openRefused = true;
                throw new ErrnoException(Errno.EAGAIN, "host refused to open relid " + relid() + ": status 0x"
                        + Integer.toHexString(res.status()));
            }
            return null;
        });
    }

    private void finishOpen(final Ring r, final OpenProgress progress, final Throwable error,
            final CompletableFuture<ChannelDataPath> result) {
        Throwable cause = error == null ? null : BoundedWait.unwrap(error);
        ChannelDataPath path = null;
        if (cause == null && (rescinded || !ioGate.isOpen())) {
            cause = new ErrnoException(Errno.ENODEV, "relid " + relid() + " went away while opening");
        } else if (cause == null) {
            try {
                path = guest.dataPaths().open(new DataPathSpec(Side.GUEST, relid(), offer.offer().interfaceType(),
                        offer.offer().interfaceInstance(), offer.offer().subChannelIndex(), r.gpadl, r.pfns(),
                        r.sendPages));
            } catch (final RuntimeException e) {
                cause = e;
            }
        }
        if (cause == null) {
            ring = r;
            dataPath = path;
            state = ChannelState.OPENED;
            openInFlight = null;
            result.complete(path);
            return;
        }
        final Throwable failure = cause;
        LOG.debug("open of relid {} failed: {}", relid(), failure.toString());
        if (progress.openSent && !progress.openRefused) {
            // The host may have opened the channel (or may yet): close it so nothing stays open there.
            guest.post(new CloseChannel(relid()));
        }
        final CompletableFuture<Boolean> released = progress.gpadlMayExist ? teardownGpadl(r)
                : CompletableFuture.completedFuture(freeRing(r));
        released.whenComplete((v, e) -> {
            if (state == ChannelState.OPENING) {
                state = ChannelState.OPEN;
            }
            openInFlight = null;
            result.completeExceptionally(failure);
        });
    }

    // ---- close (vmbus_close) ----

    private CompletableFuture<Void> doClose() {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (final GuestChannel sc : List.copyOf(subs)) {
            chain = chain.thenCompose(v -> sc.shutdown());
        }
        return chain.thenCompose(v -> {
            if (state != ChannelState.OPENED) {
                return CompletableFuture.completedFuture(null);
            }
            state = ChannelState.OPEN;
            final ChannelDataPath path = dataPath;
            dataPath = null;
            if (path != null) {
                try {
                    path.close();
                } catch (final RuntimeException e) {
                    LOG.warn("data path of relid {} failed to close", relid(), e);
                }
            }
            final Ring r = ring;
            ring = null;
            guest.post(new CloseChannel(relid()));
            return teardownGpadl(r).thenApply(freed -> {
                if (!freed) {
                    throw new ErrnoException(Errno.ETIMEDOUT, "host did not tear down GPADL 0x"
                            + Integer.toHexString(r.gpadl) + "; its pages stay allocated");
                }
                return null;
            });
        });
    }

    /**
     * GPADL_TEARDOWN and a bounded wait for GPADL_TORNDOWN; the pages are freed when the host confirms or the
     * channel was rescinded (Linux: teardown "succeeds" on a rescinded channel). Yields whether they were freed.
     */
    private CompletableFuture<Boolean> teardownGpadl(final Ring r) {
        final CompletableFuture<ChannelMessage> reply = guest.waiters().expect(ChannelMessageType.GPADL_TORNDOWN,
                null, r.gpadl, this, guest.config().replyTimeoutNanos(), "GPADL_TEARDOWN");
        final ErrnoException failure = guest.post(new GpadlTeardown(relid(), r.gpadl));
        if (failure != null) {
            guest.waiters().cancel(reply);
        }
        final CompletableFuture<ChannelMessage> answered = failure == null ? reply
                : CompletableFuture.failedFuture(failure);
        return answered.handle((m, e) -> {
            if (e == null || rescinded) {
                return freeRing(r);
            }
            // Without the host's word the pages may still be in use: keep them rather than hand them out again.
            guest.ringPagesKept(r.pageCount, relid(), BoundedWait.unwrap(e));
            return false;
        });
    }

    private boolean freeRing(final Ring r) {
        guest.pages().free(r.firstPfn, r.pageCount);
        return true;
    }

    private static <T> void complete(final CompletableFuture<T> f, final T value, final Throwable error) {
        if (error != null) {
            f.completeExceptionally(BoundedWait.unwrap(error));
        } else {
            f.complete(value);
        }
    }

    @Override
    public String toString() {
        return "GuestChannel[relid=" + relid() + ", " + deviceType + ", sub=" + offer.offer().subChannelIndex()
                + ", " + state + (rescinded ? ", rescinded" : "") + "]";
    }

    /** The rings' pages and their GPADL. */
    private static final class Ring {
        private final long firstPfn;
        private final int pageCount;
        private final int sendPages;
        private final int gpadl;

        private Ring(final long firstPfn, final int pageCount, final int sendPages, final int gpadl) {
            this.firstPfn = firstPfn;
            this.pageCount = pageCount;
            this.sendPages = sendPages;
            this.gpadl = gpadl;
        }

        private long[] pfns() {
            final long[] out = new long[pageCount];
            for (int i = 0; i < pageCount; i++) {
                out[i] = firstPfn + i;
            }
            return out;
        }
    }

    /** How far an open got, for the cleanup of a failed one. */
    private static final class OpenProgress {
        private boolean gpadlMayExist;
        private boolean openSent;
        private boolean openRefused;
    }
}

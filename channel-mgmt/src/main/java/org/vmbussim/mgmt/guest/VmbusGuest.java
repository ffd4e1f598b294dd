package org.vmbussim.mgmt.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.bus.ChannelState;
import org.vmbussim.mgmt.bus.IgnoreReason;
import org.vmbussim.mgmt.bus.RemoveReason;
import org.vmbussim.mgmt.bus.VmbusBus;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.device.UnknownGuidLog;
import org.vmbussim.mgmt.device.UnsupportedDevices;
import org.vmbussim.mgmt.message.ChannelMessage;
import org.vmbussim.mgmt.message.ChannelMessageDecoder;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.mgmt.message.DropReason;
import org.vmbussim.mgmt.message.GuestToHostPort;
import org.vmbussim.mgmt.message.HostToGuestPort;
import org.vmbussim.mgmt.message.HypercallStatus;
import org.vmbussim.mgmt.message.InitiateContact;
import org.vmbussim.mgmt.message.MessageDirection;
import org.vmbussim.mgmt.message.MessageDrops;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.message.RelidReleased;
import org.vmbussim.mgmt.message.RequestOffers;
import org.vmbussim.mgmt.message.RescindChannelOffer;
import org.vmbussim.mgmt.message.Unload;
import org.vmbussim.mgmt.message.VersionResponse;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.mgmt.spi.ChannelDataPathFactory;
import org.vmbussim.mgmt.spi.ControlExecutor;
import org.vmbussim.mgmt.spi.RingPageAllocator;
import org.vmbussim.mgmt.support.BoundedWait;
import org.vmbussim.mgmt.support.RateLimitedLog;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * A simulated Linux guest's VMBus connection and channel manager ({@code vmbus_connection}, {@code channel_mgmt.c}),
 * with its {@link VmbusBus}. The host delivers messages through {@link #deliverMessage(byte[])}; the guest posts
 * through the {@link GuestToHostPort} it was given.
 *
 * <p><b>Offers</b> (§4.7): the message handler counts the offer as in progress and queues it; the offer task then
 * filters it, in this order: an ignored VPCI instance, the isolation check, an out-of-range or occupied relid, and
 * the sub-channel and duplicate checks. Every path that turns an offer down takes it off the in-progress count,
 * reports an {@link BusEvent.OfferIgnored}, and releases the relid when the relid is the guest's to release (in
 * range and not another channel's), so the host can reuse it. Unknown class GUIDs are logged once each.
 *
 * <p><b>Rescinds</b> (§4.8): wait (polling each millisecond, bounded) until no offer is in progress, claim the
 * channel once, stop its I/O and wake its waiters with ENODEV, wait for its setup and probe, remove its device (a
 * bounded drain, the driver's remove, the channels closed), then unmap it and send RELID_RELEASED.
 *
 * <p>All state is confined to the control executor.
 */
public final class VmbusGuest implements HostToGuestPort {
    private static final Logger LOG = LoggerFactory.getLogger(VmbusGuest.class);
    private static final long RESCIND_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final GuestConfig config;
    private final ControlExecutor executor;
    private final RingPageAllocator pages;
    private final ChannelDataPathFactory dataPaths;
    private final GuestToHostPort host;
    private final VmbusBus bus;
    private final RateLimitedLog peerLog;
    private final ChannelMessageDecoder decoder;
    private final UnknownGuidLog unknownGuids = new UnknownGuidLog();
    private final ReplyWaiters waiters;
    private final GuestChannel[] relids;
    private final List<GuestChannel> primaries = new ArrayList<>();
    private final AtomicInteger offersInProgress = new AtomicInteger();
    private final AtomicLong rescindWaitsExpired = new AtomicLong();
    private final AtomicLong ringPagesKept = new AtomicLong();
    private volatile List<VmbusChannel> channelSnapshot = List.of();
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile VmbusVersion version;
    private int msgConnId = VmbusProtocol.MESSAGE_CONNECTION_ID;
    private int nextGpadl = VmbusProtocol.FIRST_GPADL_HANDLE;
    private CompletableFuture<Void> allOffersDelivered = new CompletableFuture<>();

    /**
     * Creates a disconnected guest.
     *
     * @param config    behaviour and bounds
     * @param executor  the control executor (serial)
     * @param pages     guest memory for rings
     * @param dataPaths creates a channel's data path when it opens
     * @param host      the host's PostMessage
     */
    public VmbusGuest(final GuestConfig config, final ControlExecutor executor, final RingPageAllocator pages,
            final ChannelDataPathFactory dataPaths, final GuestToHostPort host) {
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.dataPaths = Objects.requireNonNull(dataPaths, "dataPaths");
        this.host = Objects.requireNonNull(host, "host");
        this.bus = new VmbusBus(executor, config.bus());
        this.peerLog = new RateLimitedLog(LOG, executor::nanoTime);
        this.decoder = new ChannelMessageDecoder(MessageDirection.HOST_TO_GUEST, new MessageDrops("guest", peerLog));
        this.waiters = new ReplyWaiters(executor);
        this.relids = new GuestChannel[config.maxRelids()];
    }

    // ---------------------------------------------------------------- public API

    /**
     * The guest's bus: register drivers and listeners here.
     *
     * @return the bus
     */
    public VmbusBus bus() {
        return bus;
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public GuestConfig config() {
        return config;
    }

    /**
     * Receives one message from the host (SynIC SINT 2). The bytes are copied at once, so the caller may reuse
     * the array; the message is handled on the control executor.
     *
     * @param message the message
     */
    @Override
    public void deliverMessage(final byte[] message) {
        final byte[] copy = message.clone();
        executor.execute(() -> onMessage(copy));
    }

    /**
     * Connects ({@code vmbus_connect}): proposes each configured version, newest first, until the host accepts
     * one, then asks for the offers.
     *
     * @return the agreed version; fails with ECONNREFUSED when the host accepts none, ETIMEDOUT when it does not
     *         answer, EBUSY when not disconnected
     */
    public CompletableFuture<VmbusVersion> connect() {
        final CompletableFuture<VmbusVersion> result = new CompletableFuture<>();
        executor.execute(() -> {
            if (state != ConnectionState.DISCONNECTED) {
                result.completeExceptionally(new ErrnoException(Errno.EBUSY, "connection is " + state));
                return;
            }
            state = ConnectionState.CONNECTING;
            proposeVersion(config.proposedVersions(), 0, result);
        });
        return result;
    }

    /**
     * Completes when the host has sent ALLOFFERS_DELIVERED on this connection.
     *
     * @return the future
     */
    public CompletableFuture<Void> allOffersDelivered() {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> allOffersDelivered.whenComplete((v, e) -> result.complete(null)));
        return result;
    }

    /**
     * Unloads ({@code vmbus_disconnect}): removes every device (bounded drains, drivers' remove, channels closed),
     * releases every relid, then sends UNLOAD and waits (bounded) for UNLOAD_RESPONSE; protocols before 3.0 skip
     * that exchange, as Linux does.
     *
     * @return completes when disconnected; fails with ETIMEDOUT when the host did not answer UNLOAD (the guest is
     *         disconnected anyway)
     */
    public CompletableFuture<Void> unload() {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            if (state != ConnectionState.CONNECTED) {
                result.complete(null);
                return;
            }
            state = ConnectionState.UNLOADING;
            final List<CompletableFuture<?>> steps = new ArrayList<>();
            for (final VmbusDevice d : bus.devices()) {
                steps.add(bus.removeDevice(d, RemoveReason.UNLOAD));
            }
            CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]))
                    .thenCompose(v -> closeRemainingChannels())
                    .thenCompose(v -> sendUnload())
                    .whenComplete((v, e) -> {
                        waiters.failAll(Errno.ENODEV, "VMBus unloaded");
                        state = ConnectionState.DISCONNECTED;
                        version = null;
                        msgConnId = VmbusProtocol.MESSAGE_CONNECTION_ID;
                        allOffersDelivered = new CompletableFuture<>();
                        if (e != null) {
                            result.completeExceptionally(BoundedWait.unwrap(e));
                        } else {
                            result.complete(null);
                        }
                    });
        });
        return result;
    }

    /**
     * The connection state.
     *
     * @return the state
     */
    public ConnectionState connectionState() {
        return state;
    }

    /**
     * The agreed version.
     *
     * @return the version, or empty when not connected
     */
    public Optional<VmbusVersion> version() {
        return Optional.ofNullable(version);
    }

    /**
     * The guest's channels (primaries and sub-channels).
     *
     * @return a snapshot
     */
    public List<VmbusChannel> channels() {
        return channelSnapshot;
    }

    /**
     * A channel by relid.
     *
     * @param relid the relid
     * @return the channel, or empty
     */
    public Optional<VmbusChannel> channel(final int relid) {
        for (final VmbusChannel ch : channelSnapshot) {
            if (ch.relid() == relid) {
                return Optional.of(ch);
            }
        }
        return Optional.empty();
    }

    /**
     * Offers received but not yet taken or turned down ({@code offer_in_progress}).
     *
     * @return the count
     */
    public int offersInProgress() {
        return offersInProgress.get();
    }

    /**
     * Dropped host messages, by reason.
     *
     * @return the counters
     */
    public MessageDrops drops() {
        return decoder.drops();
    }

    /**
     * Rescinds that stopped waiting for offers in progress because the bound ran out.
     *
     * @return the count
     */
    public long rescindWaitsExpired() {
        return rescindWaitsExpired.get();
    }

    /**
     * Ring pages kept allocated because the host never confirmed a GPADL teardown.
     *
     * @return pages
     */
    public long ringPagesKept() {
        return ringPagesKept.get();
    }

    /**
     * Distinct unknown class GUIDs offered so far (each logged once).
     *
     * @return the count
     */
    public int unknownGuids() {
        return unknownGuids.distinct();
    }

    // ---------------------------------------------------------------- for GuestChannel (control executor)

    ControlExecutor executor() {
        return executor;
    }

    RingPageAllocator pages() {
        return pages;
    }

    ChannelDataPathFactory dataPaths() {
        return dataPaths;
    }

    ReplyWaiters waiters() {
        return waiters;
    }

    boolean isConnected() {
        return state == ConnectionState.CONNECTED;
    }

    int nextGpadlHandle() {
        final int h = nextGpadl++;
        if (nextGpadl == 0) {
            nextGpadl = 1;
        }
        return h;
    }

    void ringPagesKept(final int count, final int relid, final Throwable why) {
        ringPagesKept.addAndGet(count);
        peerLog.warn("relid {}: GPADL teardown not confirmed ({}); keeping {} ring pages", relid, why.toString(),
                count);
    }

    /** Posts a message; returns the failure, or null when the host took it. */
    ErrnoException post(final ChannelMessage message) {
        return post(msgConnId, message);
    }

    private ErrnoException post(final int connectionId, final ChannelMessage message) {
        final HypercallStatus status = host.postMessage(connectionId, message.encode());
        if (status == HypercallStatus.SUCCESS) {
            return null;
        }
        LOG.debug("post of {} to connection {} failed: {}", message.type(), connectionId, status);
        return new ErrnoException(status == HypercallStatus.INVALID_CONNECTION_ID ? Errno.EINVAL : Errno.EIO,
                "PostMessage(" + message.type() + ") returned " + status);
    }

    // ---------------------------------------------------------------- connect

    private void proposeVersion(final List<VmbusVersion> versions, final int index,
            final CompletableFuture<VmbusVersion> result) {
        if (index >= versions.size()) {
            state = ConnectionState.DISCONNECTED;
            result.completeExceptionally(new ErrnoException(Errno.ECONNREFUSED, "host accepted none of "
                    + versions));
            return;
        }
        final VmbusVersion v = versions.get(index);
        final int connectionId = v.atLeast(VmbusVersion.WIN10_V5) ? VmbusProtocol.MESSAGE_CONNECTION_ID_4
                : VmbusProtocol.MESSAGE_CONNECTION_ID;
        final CompletableFuture<ChannelMessage> reply = waiters.expect(ChannelMessageType.VERSION_RESPONSE, null,
                null, null, config.replyTimeoutNanos(), "INITIATE_CONTACT " + v);
        final ErrnoException failure = post(connectionId, InitiateContact.forVersion(v, config.targetVcpu(),
                VmbusProtocol.MESSAGE_SINT, 0, 0, 0));
        if (failure != null) {
            waiters.cancel(reply);
            if (failure.errno() == Errno.EINVAL) {
                // An older host does not listen on connection id 4: try the next version (Linux does the same).
                proposeVersion(versions, index + 1, result);
            } else {
                state = ConnectionState.DISCONNECTED;
                result.completeExceptionally(failure);
            }
            return;
        }
        reply.whenComplete((m, e) -> {
            if (e != null) {
                state = ConnectionState.DISCONNECTED;
                result.completeExceptionally(BoundedWait.unwrap(e));
                return;
            }
            final VersionResponse response = (VersionResponse) m;
            if (!response.versionSupported()) {
                proposeVersion(versions, index + 1, result);
                return;
            }
            version = v;
            msgConnId = v.atLeast(VmbusVersion.WIN10_V5) ? response.msgConnId() : VmbusProtocol.MESSAGE_CONNECTION_ID;
            state = ConnectionState.CONNECTED;
            final ErrnoException sent = post(new RequestOffers());
            if (sent != null) {
                result.completeExceptionally(sent);
            } else {
                result.complete(v);
            }
        });
    }

    // ---------------------------------------------------------------- message dispatch (vmbus_on_msg_dpc)

    private void onMessage(final byte[] bytes) {
        final Optional<ChannelMessage> decoded = decoder.decode(bytes);
        if (decoded.isEmpty()) {
            return;
        }
        final ChannelMessage m = decoded.get();
        switch (m.type()) {
            case OFFER_CHANNEL:
                if (state != ConnectionState.CONNECTED) {
                    decoder.drops().drop(DropReason.UNEXPECTED, m.type().wireId(), bytes.length,
                            "offer while " + state);
                    return;
                }
                offersInProgress.incrementAndGet();
                executor.execute(() -> onOffer((OfferChannel) m));
                break;
            case RESCIND_CHANNEL_OFFER: {
                final long received = executor.nanoTime();
                executor.execute(() -> onRescind(((RescindChannelOffer) m).childRelid(), received));
                break;
            }
            case ALL_OFFERS_DELIVERED:
                allOffersDelivered.complete(null);
                break;
            default:
                if (!waiters.complete(m)) {
                    decoder.drops().drop(DropReason.UNEXPECTED, m.type().wireId(), bytes.length,
                            "nobody waits for " + m);
                }
                break;
        }
    }

    // ---------------------------------------------------------------- offers (vmbus_onoffer)

    private void onOffer(final OfferChannel m) {
        final ChannelOffer offer = m.offer();
        final int relid = m.childRelid();
        final DeviceType byClass = DeviceType.forClassId(offer.interfaceType());
        if (config.vpciIgnore().ignores(byClass, offer.interfaceInstance())) {
            LOG.debug("Ignore instance {} over VPCI", offer.interfaceInstance());
            if (config.seedVpciDefect()) {
                // Seed v4: plain return; offer_in_progress stays up and the relid is never released.
                bus.emit(new BusEvent.OfferIgnored(relid, offer.interfaceType(), offer.interfaceInstance(),
                        IgnoreReason.VPCI_INSTANCE_IGNORED));
                return;
            }
            decline(m, IgnoreReason.VPCI_INSTANCE_IGNORED, true);
            return;
        }
        if (!config.isolationPolicy().isValidOffer(offer, config.isolated())) {
            peerLog.warn("Invalid offer {} from the host supporting isolation", Integer.toUnsignedString(relid));
            decline(m, IgnoreReason.REJECTED_ISOLATED, true);
            return;
        }
        if (!relidInRange(relid)) {
            peerLog.warn("offer with relid {} refused (expected: {} to {})", Integer.toUnsignedString(relid),
                    VmbusProtocol.FIRST_RELID, config.maxRelids() - 1);
            decline(m, IgnoreReason.RELID_OUT_OF_RANGE, false);
            return;
        }
        if (relids[relid] != null) {
            peerLog.warn("offer with relid {} refused: {} has it", relid, relids[relid]);
            decline(m, IgnoreReason.RELID_IN_USE, false);
            return;
        }
        final DeviceType type = DeviceType.of(offer);
        if (type == DeviceType.UNKNOWN && !offer.isHvsock()
                && !UnsupportedDevices.isUnsupported(offer.interfaceType())) {
            unknownGuids.report(offer.interfaceType());
        }
        final GuestChannel existing = findPrimary(offer);
        final GuestChannel channel;
        if (existing == null) {
            if (offer.isSubChannel()) {
                peerLog.warn("sub-channel offer relid {} has no primary", relid);
                decline(m, IgnoreReason.ORPHAN_SUB_CHANNEL, true);
                return;
            }
            channel = new GuestChannel(this, m, type, null);
            primaries.add(channel);
        } else {
            if (!offer.isSubChannel() || existing.isRescinded()
                    || existing.hasSubChannelIndex(offer.subChannelIndex())) {
                peerLog.warn("offer relid {} duplicates {}", relid, existing);
                decline(m, offer.isSubChannel() && existing.isRescinded() ? IgnoreReason.ORPHAN_SUB_CHANNEL
                        : IgnoreReason.DUPLICATE_OFFER, true);
                return;
            }
            channel = new GuestChannel(this, m, type, existing);
            existing.addSubChannel(channel);
        }
        relids[relid] = channel;
        publishChannels();
        offersInProgress.decrementAndGet();
        executor.execute(() -> addChannel(channel));
    }

    /** {@code vmbus_add_channel_work}: the channel becomes usable; a primary becomes a device. */
    private void addChannel(final GuestChannel channel) {
        channel.markSetUp();
        final ChannelOffer offer = channel.offer().offer();
        if (channel.isSubChannel()) {
            bus.emit(new BusEvent.SubChannelAdded(channel.relid(), offer.interfaceType(), offer.interfaceInstance(),
                    channel.primaryChannel().relid(), offer.subChannelIndex()));
            final var callback = channel.primaryChannel().subChannelCallback();
            if (callback != null && !channel.isRescinded()) {
                try {
                    callback.accept(channel);
                } catch (final RuntimeException e) {
                    LOG.warn("sub-channel callback failed for relid {}", channel.relid(), e);
                }
            }
            return;
        }
        channel.setDevice(bus.addDevice(channel));
    }

    private GuestChannel findPrimary(final ChannelOffer offer) {
        for (final GuestChannel ch : primaries) {
            final ChannelOffer o = ch.offer().offer();
            if (o.interfaceType().equals(offer.interfaceType())
                    && o.interfaceInstance().equals(offer.interfaceInstance())) {
                return ch;
            }
        }
        return null;
    }

    private void decline(final OfferChannel m, final IgnoreReason reason, final boolean mayRelease) {
        offersInProgress.decrementAndGet();
        final ChannelOffer offer = m.offer();
        bus.emit(new BusEvent.OfferIgnored(m.childRelid(), offer.interfaceType(), offer.interfaceInstance(), reason));
        // Only a relid that is in range and no live channel's may be released: releasing a taken one would
        // free a channel the guest still uses.
        if (mayRelease && relidInRange(m.childRelid()) && relids[m.childRelid()] == null) {
            releaseRelid(m.childRelid(), offer);
        }
    }

    private boolean relidInRange(final int relid) {
        return Integer.compareUnsigned(relid, VmbusProtocol.FIRST_RELID) >= 0
                && Integer.compareUnsigned(relid, config.maxRelids()) < 0;
    }

    private void releaseRelid(final int relid, final ChannelOffer offer) {
        final ErrnoException failure = post(new RelidReleased(relid));
        if (failure != null) {
            LOG.warn("RELID_RELEASED for relid {} not posted: {}", relid, failure.getMessage());
            return;
        }
        bus.emit(new BusEvent.RelidReleased(relid, offer.interfaceType(), offer.interfaceInstance()));
    }

    private void publishChannels() {
        final List<VmbusChannel> out = new ArrayList<>();
        for (final GuestChannel ch : relids) {
            if (ch != null) {
                out.add(ch);
            }
        }
        channelSnapshot = List.copyOf(out);
    }

    // ---------------------------------------------------------------- rescind (vmbus_onoffer_rescind)

    private void onRescind(final int relid, final long receivedNanos) {
        if (offersInProgress.get() > 0) {
            if (executor.nanoTime() - receivedNanos < config.offerWaitTimeoutNanos()) {
                executor.schedule(() -> onRescind(relid, receivedNanos), RESCIND_POLL_NANOS, TimeUnit.NANOSECONDS);
                return;
            }
            rescindWaitsExpired.incrementAndGet();
            peerLog.warn("rescind of relid {} waited {} ms for {} offers in progress; going on",
                    Integer.toUnsignedString(relid), TimeUnit.NANOSECONDS.toMillis(config.offerWaitTimeoutNanos()),
                    offersInProgress.get());
        }
        final GuestChannel channel = relidInRange(relid) ? relids[relid] : null;
        if (channel == null) {
            decoder.drops().drop(DropReason.UNEXPECTED, ChannelMessageType.RESCIND_CHANNEL_OFFER.wireId(),
                    0, "rescind of relid " + Integer.toUnsignedString(relid) + ", which the guest does not have");
            return;
        }
        if (!channel.claimRescind()) {
            decoder.drops().drop(DropReason.UNEXPECTED, ChannelMessageType.RESCIND_CHANNEL_OFFER.wireId(),
                    0, "second rescind of relid " + relid);
            return;
        }
        final ChannelOffer offer = channel.offer().offer();
        bus.emit(new BusEvent.ChannelRescinded(relid, offer.interfaceType(), offer.interfaceInstance()));
        waiters.failOwner(channel, Errno.ENODEV, "relid " + relid + " rescinded");
        channel.setUp().thenCompose(v -> {
            final VmbusDevice device = channel.device();
            if (device != null) {
                return bus.probeSettled(device).thenCompose(x -> bus.removeDevice(device, RemoveReason.RESCINDED));
            }
            return bus.quiesce(channel).thenApply(x -> (Void) null);
        }).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("removal of rescinded relid {} failed", relid, e);
            }
            removeChannel(channel);
        });
    }

    /** {@code hv_process_channel_removal}: unmap, unlink, RELID_RELEASED. */
    private void removeChannel(final GuestChannel channel) {
        if (channel.state() == ChannelState.REMOVED) {
            return;
        }
        final int relid = channel.relid();
        if (relids[relid] == channel) {
            relids[relid] = null;
        }
        if (channel.isSubChannel()) {
            channel.primaryChannel().removeSubChannel(channel);
        } else {
            primaries.remove(channel);
        }
        channel.markRemoved();
        publishChannels();
        releaseRelid(relid, channel.offer().offer());
    }

    // ---------------------------------------------------------------- unload

    private CompletableFuture<Void> closeRemainingChannels() {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        final List<GuestChannel> all = new ArrayList<>();
        for (final GuestChannel ch : relids) {
            if (ch != null) {
                all.add(ch);
            }
        }
        // Sub-channels first, then primaries (Linux closes sub-channels before their primary).
        all.sort((a, b) -> Boolean.compare(!a.isSubChannel(), !b.isSubChannel()));
        for (final GuestChannel ch : all) {
            chain = chain.thenCompose(v -> bus.quiesce(ch).handle((x, e) -> (Void) null))
                    .thenRun(() -> removeChannel(ch));
        }
        return chain;
    }

    private CompletableFuture<Void> sendUnload() {
        final VmbusVersion v = version;
        if (v == null || !v.atLeast(VmbusVersion.WIN8_1)) {
            return CompletableFuture.completedFuture(null);
        }
        final CompletableFuture<ChannelMessage> reply = waiters.expect(ChannelMessageType.UNLOAD_RESPONSE, null,
                null, null, config.unloadTimeoutNanos(), "UNLOAD");
        final ErrnoException failure = post(new Unload());
        if (failure != null) {
            waiters.cancel(reply);
            return CompletableFuture.failedFuture(failure);
        }
        return reply.thenApply(m -> null);
    }

    @Override
    public String toString() {
        return "VmbusGuest[" + state + (version == null ? "" : " " + version) + ", channels="
                + channelSnapshot.size() + "]";
    }
}

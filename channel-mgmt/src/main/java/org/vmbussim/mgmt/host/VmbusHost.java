package org.vmbussim.mgmt.host;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.mgmt.message.AllOffersDelivered;
import org.vmbussim.mgmt.message.ChannelMessage;
import org.vmbussim.mgmt.message.ChannelMessageDecoder;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.mgmt.message.CloseChannel;
import org.vmbussim.mgmt.message.DropReason;
import org.vmbussim.mgmt.message.GpadlBody;
import org.vmbussim.mgmt.message.GpadlCreated;
import org.vmbussim.mgmt.message.GpadlHeader;
import org.vmbussim.mgmt.message.GpadlTeardown;
import org.vmbussim.mgmt.message.GpadlTorndown;
import org.vmbussim.mgmt.message.GuestToHostPort;
import org.vmbussim.mgmt.message.HostToGuestPort;
import org.vmbussim.mgmt.message.HypercallStatus;
import org.vmbussim.mgmt.message.InitiateContact;
import org.vmbussim.mgmt.message.MessageDirection;
import org.vmbussim.mgmt.message.MessageDrops;
import org.vmbussim.mgmt.message.ModifyChannel;
import org.vmbussim.mgmt.message.ModifyChannelResponse;
import org.vmbussim.mgmt.message.OfferChannel;
import org.vmbussim.mgmt.message.OpenChannel;
import org.vmbussim.mgmt.message.OpenChannelResult;
import org.vmbussim.mgmt.message.RelidReleased;
import org.vmbussim.mgmt.message.RescindChannelOffer;
import org.vmbussim.mgmt.message.UnloadResponse;
import org.vmbussim.mgmt.message.VersionResponse;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.mgmt.spi.ChannelDataPath;
import org.vmbussim.mgmt.spi.ChannelDataPathFactory;
import org.vmbussim.mgmt.spi.ControlExecutor;
import org.vmbussim.mgmt.spi.DataPathSpec;
import org.vmbussim.mgmt.spi.Side;
import org.vmbussim.mgmt.support.RateLimitedLog;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * The simulated Hyper-V VMBus server for one guest. Devices are offered with {@link #offer(OfferSpec)} at any
 * time (before the guest connects they wait for its REQUESTOFFERS) and removed with {@link #rescind(int)}, which
 * completes once the guest has released the relid. The guest posts through {@link #postMessage(int, byte[])}.
 *
 * <p>Faults for tests: {@link #failNextOpens}, {@link #ignoreNext} (the host never answers) and
 * {@link #sendRaw(byte[])} (arbitrary bytes to the guest).
 *
 * <p>State is confined to the control executor; the public methods hop onto it.
 */
public final class VmbusHost implements GuestToHostPort {
    /** {@code STATUS_UNSUCCESSFUL}: the status of a refused open or GPADL. */
    public static final int STATUS_UNSUCCESSFUL = 0xC000_0001;

    private static final Logger LOG = LoggerFactory.getLogger(VmbusHost.class);

    private final HostConfig config;
    private final ControlExecutor executor;
    private final ChannelDataPathFactory dataPaths;
    private final RateLimitedLog peerLog;
    private final ChannelMessageDecoder decoder;
    private final TreeMap<Integer, HostChannel> channels = new TreeMap<>();
    private final GpadlTable gpadls;
    private final BitSet monitorIds = new BitSet(VmbusProtocol.MONITOR_ID_COUNT);
    private final Map<ChannelMessageType, Integer> ignoreCounts = new EnumMap<>(ChannelMessageType.class);
    private volatile HostToGuestPort guest;
    private volatile VmbusVersion version;
    private volatile List<HostChannelInfo> snapshot = List.of();
    private boolean offersRequested;

    /**
     * Creates a host with no devices.
     *
     * @param config    behaviour
     * @param executor  the control executor (serial)
     * @param dataPaths creates the host end of a channel's data path when the host accepts an open
     */
    public VmbusHost(final HostConfig config, final ControlExecutor executor,
            final ChannelDataPathFactory dataPaths) {
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.dataPaths = Objects.requireNonNull(dataPaths, "dataPaths");
        this.peerLog = new RateLimitedLog(LOG, executor::nanoTime);
        this.decoder = new ChannelMessageDecoder(MessageDirection.GUEST_TO_HOST, new MessageDrops("host", peerLog));
        this.gpadls = new GpadlTable(config.guestPfnLimit());
    }

    /**
     * Connects the guest's SynIC: where the host's messages go.
     *
     * @param port the guest
     */
    public void attachGuest(final HostToGuestPort port) {
        this.guest = Objects.requireNonNull(port, "port");
    }

    /**
     * The PostMessage hypercall: checks the size and connection id at once, copies the message and handles it
     * later on the control executor.
     *
     * @param connectionId the connection id the guest posts to
     * @param message      the message
     * @return {@link HypercallStatus#SUCCESS}, {@link HypercallStatus#INVALID_PARAMETER} for more than 240 bytes,
     *         or {@link HypercallStatus#INVALID_CONNECTION_ID} when the host does not listen there
     */
    @Override
    public HypercallStatus postMessage(final int connectionId, final byte[] message) {
        if (message.length > VmbusProtocol.MAX_MESSAGE_PAYLOAD) {
            return HypercallStatus.INVALID_PARAMETER;
        }
        if (!listensOn(connectionId)) {
            return HypercallStatus.INVALID_CONNECTION_ID;
        }
        final byte[] copy = message.clone();
        executor.execute(() -> onMessage(copy));
        return HypercallStatus.SUCCESS;
    }

    private boolean listensOn(final int connectionId) {
        if (connectionId == VmbusProtocol.MESSAGE_CONNECTION_ID) {
            return true;
        }
        // Only a 5.0+ host takes INITIATE_CONTACT on connection id 4 and hands out its own msg_conn_id.
        return config.maxVersion().atLeast(VmbusVersion.WIN10_V5)
                && (connectionId == VmbusProtocol.MESSAGE_CONNECTION_ID_4
                || connectionId == config.messageConnectionId());
    }

    /**
     * Offers a device (hot-add when the guest is connected): the lowest free relid from 1, a monitor id if asked
     * and one is free.
     *
     * @param spec the device
     * @return the relid; fails with ENOSPC when every relid is taken
     */
    public CompletableFuture<Integer> offer(final OfferSpec spec) {
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(addChannel(new ChannelOffer(spec.classId(), spec.instanceId(), spec.chnFlags(),
                        spec.mmioMegabytes(), spec.userDefined(), 0), spec.monitored(), spec.dedicatedInterrupt()));
            } catch (final ErrnoException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Offers a sub-channel of an offered primary: same class and instance, the given index.
     *
     * @param primaryRelid    the primary
     * @param subChannelIndex 1 to 65535, not yet used
     * @return the sub-channel's relid; fails with ENOENT for an unknown or revoked primary, EEXIST for a used
     *         index
     */
    public CompletableFuture<Integer> offerSubChannel(final int primaryRelid, final int subChannelIndex) {
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        executor.execute(() -> {
            final HostChannel p = channels.get(primaryRelid);
            if (p == null || !p.isPrimary() || p.state == HostChannelState.REVOKED) {
                result.completeExceptionally(new ErrnoException(Errno.ENOENT, "no primary with relid "
                        + primaryRelid));
                return;
            }
            for (final HostChannel c : channels.values()) {
                if (c.isSubChannelOf(p) && c.offer.offer().subChannelIndex() == subChannelIndex) {
                    result.completeExceptionally(new ErrnoException(Errno.EEXIST, "sub-channel " + subChannelIndex
                            + " of relid " + primaryRelid + " exists"));
                    return;
                }
            }
            final ChannelOffer po = p.offer.offer();
            try {
                result.complete(addChannel(new ChannelOffer(po.interfaceType(), po.interfaceInstance(),
                        po.chnFlags(), po.mmioMegabytes(), po.userDefined(), subChannelIndex),
                        p.offer.monitorAllocated(), p.offer.dedicatedInterrupt()));
            } catch (final ErrnoException | IllegalArgumentException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Hot-removes a channel: sub-channels of a primary first; the host side of an open channel is closed, the
     * guest gets RESCIND_CHANNELOFFER, and the relid stays reserved until the guest releases it. Idempotent.
     *
     * @param relid the channel
     * @return completes when the guest has released the relid (at once for a channel the guest never saw or had
     *         already declined); fails with ENOENT for an unknown relid
     */
    public CompletableFuture<Void> rescind(final int relid) {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            final HostChannel ch = channels.get(relid);
            if (ch == null) {
                result.completeExceptionally(new ErrnoException(Errno.ENOENT, "no channel with relid " + relid));
                return;
            }
            rescindChannel(ch).whenComplete((v, e) -> result.complete(null));
        });
        return result;
    }

    /**
     * Makes the next opens of a channel fail with a status (failure injection).
     *
     * @param relid  the channel
     * @param count  how many opens
     * @param status the non-zero status to answer
     * @return completes when armed; fails with ENOENT for an unknown relid
     */
    public CompletableFuture<Void> failNextOpens(final int relid, final int count, final int status) {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            final HostChannel ch = channels.get(relid);
            if (ch == null) {
                result.completeExceptionally(new ErrnoException(Errno.ENOENT, "no channel with relid " + relid));
                return;
            }
            ch.failOpens = count;
            ch.failStatus = status == 0 ? STATUS_UNSUCCESSFUL : status;
            result.complete(null);
        });
        return result;
    }

    /**
     * Makes the host silently ignore the next messages of a type from the guest (a host that never answers).
     *
     * @param type  the guest-to-host message type
     * @param count how many
     */
    public void ignoreNext(final ChannelMessageType type, final int count) {
        executor.execute(() -> ignoreCounts.merge(type, count, Integer::sum));
    }

    /**
     * Sends arbitrary bytes to the guest, as a misbehaving host would.
     *
     * @param message the bytes
     */
    public void sendRaw(final byte[] message) {
        final byte[] copy = message.clone();
        executor.execute(() -> deliver(copy));
    }

    /**
     * The agreed version.
     *
     * @return the version, or empty when no guest is connected
     */
    public Optional<VmbusVersion> version() {
        return Optional.ofNullable(version);
    }

    /**
     * The host's channels.
     *
     * @return a snapshot, by relid
     */
    public List<HostChannelInfo> channels() {
        return snapshot;
    }

    /**
     * One channel.
     *
     * @param relid the relid
     * @return its snapshot, or empty
     */
    public Optional<HostChannelInfo> channel(final int relid) {
        for (final HostChannelInfo c : snapshot) {
            if (c.relid() == relid) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Dropped guest messages, by reason.
     *
     * @return the counters
     */
    public MessageDrops drops() {
        return decoder.drops();
    }

    // ---------------------------------------------------------------- channels

    private int addChannel(final ChannelOffer offer, final boolean monitored, final boolean dedicated) {
        int relid = VmbusProtocol.FIRST_RELID;
        while (channels.containsKey(relid)) {
            relid++;
        }
        if (relid >= VmbusProtocol.MAX_CHANNEL_RELIDS) {
            throw new ErrnoException(Errno.ENOSPC, "all " + (VmbusProtocol.MAX_CHANNEL_RELIDS - 1)
                    + " relids are taken");
        }
        int monitorId = 0;
        boolean monitorAllocated = false;
        if (monitored) {
            final int free = monitorIds.nextClearBit(0);
            if (free < VmbusProtocol.MONITOR_ID_COUNT) {
                monitorIds.set(free);
                monitorId = free;
                monitorAllocated = true;
            }
        }
        // Connection ids numbered as QEMU does: 16 + relid.
        final HostChannel ch = new HostChannel(new OfferChannel(offer, relid, monitorId, monitorAllocated, dedicated,
                16 + relid));
        channels.put(relid, ch);
        if (version != null && offersRequested) {
            sendOffer(ch);
        }
        publish();
        return relid;
    }

    private void sendOffer(final HostChannel ch) {
        ch.state = HostChannelState.OFFERED;
        send(ch.offer);
    }

    private CompletableFuture<Void> rescindChannel(final HostChannel ch) {
        if (ch.removal != null) {
            return ch.removal;
        }
        ch.removal = new CompletableFuture<>();
        final List<CompletableFuture<Void>> subs = new ArrayList<>();
        if (ch.isPrimary()) {
            for (final HostChannel c : List.copyOf(channels.values())) {
                if (c.isSubChannelOf(ch)) {
                    subs.add(rescindChannel(c));
                }
            }
        }
        // Hyper-V revokes sub-channels before their primary (OpenVMM test_revoke_subchannels_before_primary).
        CompletableFuture.allOf(subs.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
            if (ch.state == HostChannelState.PENDING || ch.state == HostChannelState.RELEASED_BY_GUEST) {
                forget(ch);
                return;
            }
            closeHostSide(ch);
            ch.state = HostChannelState.REVOKED;
            publish();
            send(new RescindChannelOffer(ch.relid()));
        });
        return ch.removal;
    }

    private void closeHostSide(final HostChannel ch) {
        if (ch.state != HostChannelState.OPEN) {
            return;
        }
        final ChannelDataPath path = ch.dataPath;
        ch.dataPath = null;
        ch.openGpadl = 0;
        ch.state = HostChannelState.OFFERED;
        if (path != null) {
            try {
                path.close();
            } catch (final RuntimeException e) {
                LOG.warn("host data path of relid {} failed to close", ch.relid(), e);
            }
        }
    }

    private void forget(final HostChannel ch) {
        channels.remove(ch.relid());
        if (ch.offer.monitorAllocated()) {
            monitorIds.clear(ch.offer.monitorId());
        }
        final int dropped = gpadls.removeChannel(ch.relid());
        if (dropped > 0) {
            LOG.debug("relid {} released with {} GPADLs still up; dropped them", ch.relid(), dropped);
        }
        publish();
        if (ch.removal != null) {
            ch.removal.complete(null);
        }
    }

    private void publish() {
        final List<HostChannelInfo> out = new ArrayList<>(channels.size());
        for (final HostChannel c : channels.values()) {
            out.add(c.info());
        }
        snapshot = List.copyOf(out);
    }

    private void send(final ChannelMessage m) {
        deliver(m.encode());
    }

    private void deliver(final byte[] bytes) {
        final HostToGuestPort port = guest;
        if (port == null) {
            LOG.debug("no guest attached; {} bytes not delivered", bytes.length);
            return;
        }
        port.deliverMessage(bytes);
    }

    // ---------------------------------------------------------------- guest messages

    private void onMessage(final byte[] bytes) {
        final Optional<ChannelMessage> decoded = decoder.decode(bytes);
        if (decoded.isEmpty()) {
            return;
        }
        final ChannelMessage m = decoded.get();
        final Integer ignore = ignoreCounts.get(m.type());
        if (ignore != null && ignore > 0) {
            ignoreCounts.put(m.type(), ignore - 1);
            LOG.debug("ignoring {} as told", m);
            return;
        }
        if (version == null && m.type() != ChannelMessageType.INITIATE_CONTACT) {
            unexpected(m, bytes.length, "no connection");
            return;
        }
        switch (m.type()) {
            case INITIATE_CONTACT:
                onInitiateContact((InitiateContact) m);
                break;
            case REQUEST_OFFERS:
                onRequestOffers();
                break;
            case GPADL_HEADER:
                onGpadlHeader((GpadlHeader) m);
                break;
            case GPADL_BODY:
                onGpadlBody((GpadlBody) m, bytes.length);
                break;
            case GPADL_TEARDOWN:
                onGpadlTeardown((GpadlTeardown) m, bytes.length);
                break;
            case OPEN_CHANNEL:
                onOpenChannel((OpenChannel) m);
                break;
            case CLOSE_CHANNEL:
                onCloseChannel((CloseChannel) m, bytes.length);
                break;
            case RELID_RELEASED:
                onRelidReleased((RelidReleased) m, bytes.length);
                break;
            case UNLOAD:
                resetConnection();
                send(new UnloadResponse());
                break;
            case MODIFY_CHANNEL:
                onModifyChannel((ModifyChannel) m, bytes.length);
                break;
            default:
                // TL_CONNECT_REQUEST: this host offers no hv_sock services on request.
                unexpected(m, bytes.length, "not supported by this host");
                break;
        }
    }

    private void unexpected(final ChannelMessage m, final int length, final String why) {
        decoder.drops().drop(DropReason.UNEXPECTED, m.type().wireId(), length, why + ": " + m);
    }

    private void onInitiateContact(final InitiateContact m) {
        if (version != null) {
            // A guest that starts over (kexec, a crashed guest) gets a clean connection.
            resetConnection();
        }
        final VmbusVersion requested = VmbusVersion.fromWire(m.versionRequested());
        final boolean supported = requested != null && requested.compareTo(config.minVersion()) >= 0
                && requested.compareTo(config.maxVersion()) <= 0;
        final int connId = supported && requested.atLeast(VmbusVersion.WIN10_V5) ? config.messageConnectionId() : 0;
        if (supported) {
            version = requested;
            offersRequested = false;
        }
        LOG.debug("INITIATE_CONTACT 0x{}: {}", Integer.toHexString(m.versionRequested()),
                supported ? "accepted" : "refused");
        send(new VersionResponse(supported, 0, connId));
    }

    private void onRequestOffers() {
        offersRequested = true;
        // Primaries in relid order, each followed by its sub-channels.
        for (final HostChannel p : List.copyOf(channels.values())) {
            if (!p.isPrimary() || p.state != HostChannelState.PENDING) {
                continue;
            }
            sendOffer(p);
            for (final HostChannel c : channels.values()) {
                if (c.isSubChannelOf(p) && c.state == HostChannelState.PENDING) {
                    sendOffer(c);
                }
            }
        }
        publish();
        send(new AllOffersDelivered());
    }

    private void onGpadlHeader(final GpadlHeader m) {
        final HostChannel ch = channels.get(m.childRelid());
        if (ch == null || ch.state == HostChannelState.PENDING || ch.state == HostChannelState.RELEASED_BY_GUEST) {
            refuseGpadl(m.childRelid(), m.gpadl(), "relid " + Integer.toUnsignedString(m.childRelid())
                    + " is not offered to the guest");
            return;
        }
        answerGpadl(m.childRelid(), m.gpadl(), gpadls.header(m));
    }

    private void onGpadlBody(final GpadlBody m, final int length) {
        final int relid = gpadls.relidOfInProgress(m.gpadl());
        final GpadlTable.Step step = gpadls.body(m.gpadl(), m.pfns());
        if (step == null) {
            unexpected(m, length, "no GPADL 0x" + Integer.toHexString(m.gpadl()) + " is being assembled");
            return;
        }
        answerGpadl(relid, m.gpadl(), step);
    }

    private void answerGpadl(final int relid, final int handle, final GpadlTable.Step step) {
        if (!step.done()) {
            return;
        }
        if (step.refusal() != null) {
            refuseGpadl(relid, handle, step.refusal());
            return;
        }
        LOG.debug("GPADL 0x{} of relid {} created", Integer.toHexString(handle), relid);
        send(new GpadlCreated(relid, handle, 0));
    }

    private void refuseGpadl(final int relid, final int handle, final String why) {
        peerLog.warn("GPADL 0x{} of relid {} refused: {}", Integer.toHexString(handle),
                Integer.toUnsignedString(relid), why);
        send(new GpadlCreated(relid, handle, STATUS_UNSUCCESSFUL));
    }

    private void onGpadlTeardown(final GpadlTeardown m, final int length) {
        final GpadlTable.Gpadl g = gpadls.get(m.gpadl());
        if (g == null || g.relid() != m.childRelid()) {
            unexpected(m, length, "no such GPADL on that relid");
            return;
        }
        final HostChannel ch = channels.get(g.relid());
        if (ch != null && ch.state == HostChannelState.OPEN && ch.openGpadl == g.handle()) {
            unexpected(m, length, "the GPADL holds the rings of an open channel");
            return;
        }
        gpadls.remove(m.gpadl());
        send(new GpadlTorndown(m.gpadl()));
    }

    private void onOpenChannel(final OpenChannel m) {
        final HostChannel ch = channels.get(m.childRelid());
        final String refusal = openRefusal(ch, m);
        int status = 0;
        if (refusal != null) {
            peerLog.warn("OPENCHANNEL {} refused: {}", m, refusal);
            status = STATUS_UNSUCCESSFUL;
        } else if (ch.failOpens > 0) {
            ch.failOpens--;
            status = ch.failStatus;
        } else {
            final GpadlTable.Gpadl g = gpadls.get(m.ringBufferGpadlHandle());
            final ChannelOffer o = ch.offer.offer();
            try {
                ch.dataPath = dataPaths.open(new DataPathSpec(Side.HOST, ch.relid(), o.interfaceType(),
                        o.interfaceInstance(), o.subChannelIndex(), g.handle(), g.pfns(),
                        m.downstreamRingBufferPageOffset()));
                ch.state = HostChannelState.OPEN;
                ch.openGpadl = g.handle();
                ch.targetVp = m.targetVp();
                ch.timesOpened++;
                publish();
            } catch (final ErrnoException | IllegalArgumentException e) {
                LOG.debug("host data path for relid {} refused: {}", ch.relid(), e.getMessage());
                status = STATUS_UNSUCCESSFUL;
            }
        }
        send(new OpenChannelResult(m.childRelid(), m.openId(), status));
    }

    private String openRefusal(final HostChannel ch, final OpenChannel m) {
        if (ch == null || ch.state != HostChannelState.OFFERED) {
            return ch == null ? "unknown relid" : "channel is " + ch.state;
        }
        final GpadlTable.Gpadl g = gpadls.get(m.ringBufferGpadlHandle());
        if (g == null || g.relid() != ch.relid()) {
            return "GPADL 0x" + Integer.toHexString(m.ringBufferGpadlHandle()) + " is not this channel's";
        }
        final int pages = g.pfns().length;
        final int at = m.downstreamRingBufferPageOffset();
        // Each ring needs its header page and at least one data page (QEMU's rule).
        if (at < 2 || at > pages - 2) {
            return "downstream ring at page " + Integer.toUnsignedString(at) + " of " + pages;
        }
        return null;
    }

    private void onCloseChannel(final CloseChannel m, final int length) {
        final HostChannel ch = channels.get(m.childRelid());
        if (ch != null && ch.state == HostChannelState.OPEN) {
            closeHostSide(ch);
            publish();
        } else if (ch == null || ch.state != HostChannelState.REVOKED) {
            // A revoked channel is already closed on this side; the guest's CLOSE is expected and harmless.
            unexpected(m, length, "channel is not open");
        }
    }

    private void onRelidReleased(final RelidReleased m, final int length) {
        final HostChannel ch = channels.get(m.childRelid());
        if (ch == null || ch.state == HostChannelState.PENDING || ch.state == HostChannelState.RELEASED_BY_GUEST) {
            unexpected(m, length, "the guest has no such relid");
            return;
        }
        if (ch.state == HostChannelState.REVOKED) {
            forget(ch);
            return;
        }
        if (ch.state == HostChannelState.OPEN) {
            unexpected(m, length, "released while open");
            closeHostSide(ch);
        }
        ch.state = HostChannelState.RELEASED_BY_GUEST;
        publish();
    }

    private void onModifyChannel(final ModifyChannel m, final int length) {
        final HostChannel ch = channels.get(m.childRelid());
        if (!version.atLeast(VmbusVersion.WIN10_V4_1) || ch == null || ch.state != HostChannelState.OPEN) {
            unexpected(m, length, "needs protocol 4.1+ and an open channel");
            return;
        }
        ch.targetVp = m.targetVp();
        publish();
        if (version.atLeast(VmbusVersion.WIN10_V5_3)) {
            send(new ModifyChannelResponse(m.childRelid(), 0));
        }
    }

    /** UNLOAD (or a new INITIATE_CONTACT): close everything; channels go back to waiting for REQUESTOFFERS. */
    private void resetConnection() {
        for (final HostChannel ch : List.copyOf(channels.values())) {
            closeHostSide(ch);
            if (ch.state == HostChannelState.REVOKED) {
                forget(ch);
            } else {
                ch.state = HostChannelState.PENDING;
            }
        }
        gpadls.clear();
        version = null;
        offersRequested = false;
        publish();
    }

    @Override
    public String toString() {
        return "VmbusHost[" + (version == null ? "not connected" : version) + ", channels=" + snapshot.size() + "]";
    }
}

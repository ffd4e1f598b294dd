package org.vmbussim.mgmt.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.guest.GuestConfig;
import org.vmbussim.mgmt.guest.VmbusGuest;
import org.vmbussim.mgmt.host.HostConfig;
import org.vmbussim.mgmt.host.OfferSpec;
import org.vmbussim.mgmt.host.VmbusHost;
import org.vmbussim.mgmt.message.ChannelMessageType;
import org.vmbussim.mgmt.message.HypercallStatus;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.wire.LittleEndian;

/** A simulated host and guest wired together on one deterministic executor, recording messages and events. */
public final class SimBed {
    /** The executor both run on. */
    public final ManualControlExecutor exec = new ManualControlExecutor();
    /** The guest's ring pages. */
    public final PageLedger pages = new PageLedger();
    /** Data paths the guest opened. */
    public final RecordingDataPaths guestPaths = new RecordingDataPaths();
    /** Data paths the host opened. */
    public final RecordingDataPaths hostPaths = new RecordingDataPaths();
    /** Bus events, in order. */
    public final List<BusEvent> events = new ArrayList<>();
    /** Message types the guest posted successfully, in order. */
    public final List<ChannelMessageType> toHost = new ArrayList<>();
    /** Message types the host sent, in order. */
    public final List<ChannelMessageType> toGuest = new ArrayList<>();
    /** The host. */
    public final VmbusHost host;
    /** The guest. */
    public final VmbusGuest guest;

    private SimBed(final GuestConfig guestConfig, final HostConfig hostConfig) {
        host = new VmbusHost(hostConfig, exec, hostPaths);
        guest = new VmbusGuest(guestConfig, exec, pages, guestPaths, (connId, bytes) -> {
            final HypercallStatus st = host.postMessage(connId, bytes);
            if (st == HypercallStatus.SUCCESS) {
                toHost.add(typeOf(bytes));
            }
            return st;
        });
        host.attachGuest(bytes -> {
            toGuest.add(typeOf(bytes));
            guest.deliverMessage(bytes);
        });
        guest.bus().addListener(events::add);
    }

    /**
     * A bed with the given configurations.
     *
     * @param guestConfig the guest
     * @param hostConfig  the host
     * @return the bed
     */
    public static SimBed create(final GuestConfig guestConfig, final HostConfig hostConfig) {
        return new SimBed(guestConfig, hostConfig);
    }

    /**
     * A bed with default configurations.
     *
     * @return the bed
     */
    public static SimBed create() {
        return create(GuestConfig.builder().build(), HostConfig.DEFAULTS);
    }

    private static ChannelMessageType typeOf(final byte[] bytes) {
        return bytes.length < 4 ? null : ChannelMessageType.fromWire(LittleEndian.getInt(bytes, 0));
    }

    /**
     * Connects the guest and lets the offers arrive.
     *
     * @return the agreed version
     */
    public VmbusVersion connect() {
        final VmbusVersion v = exec.await(guest.connect());
        exec.await(guest.allOffersDelivered());
        exec.runUntilIdle();
        return v;
    }

    /**
     * Offers a device and runs until idle.
     *
     * @param spec the device
     * @return its relid
     */
    public int offer(final OfferSpec spec) {
        final int relid = exec.await(host.offer(spec));
        exec.runUntilIdle();
        return relid;
    }

    /**
     * Waits (in simulated time) for a future.
     *
     * @param future the future
     * @param <T>    its type
     * @return its value
     */
    public <T> T await(final CompletableFuture<T> future) {
        return exec.await(future);
    }

    /**
     * The events of one kind.
     *
     * @param type the kind
     * @param <T>  the kind
     * @return them, in order
     */
    public <T extends BusEvent> List<T> events(final Class<T> type) {
        final List<T> out = new ArrayList<>();
        for (final BusEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /**
     * How often the guest posted a message type.
     *
     * @param type the type
     * @return the count
     */
    public long posted(final ChannelMessageType type) {
        return toHost.stream().filter(t -> t == type).count();
    }
}

package org.vmbussim.mgmt.scenario;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.OpenParams;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusChannel;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;

/**
 * The common part of the built-in scenario drivers: a name, an id table, the hv_sock flag and the probe type.
 * Like a real driver it keeps nothing per device in itself, and its remove has nothing to release: the bus
 * stops and drains the I/O and closes the channels.
 */
abstract class ScenarioDriver implements VmbusDriver {
    /** Ring size (each ring, header page included) unless a driver's {@code ring-pages=} says otherwise. */
    static final int DEFAULT_RING_PAGES = 4;
    private static final int PAGE_BYTES = 4096;

    private final String name;
    private final List<DeviceId> ids;
    private final boolean hvsock;
    private final ProbeType probeType;
    private final DriverEnvironment env;

    ScenarioDriver(final DriverSpec spec, final boolean hvsock, final ProbeType probeType,
            final DriverEnvironment env) {
        this.name = spec.name();
        this.ids = spec.idTable();
        this.hvsock = hvsock;
        this.probeType = probeType;
        this.env = env;
    }

    /** The {@code ring-pages=} option: pages per ring, header included. */
    static int ringPages(final DriverSpec spec) {
        return spec.intValue("ring-pages", DEFAULT_RING_PAGES, 2, 256);
    }

    static OpenParams rings(final int ringPages) {
        return OpenParams.symmetric(ringPages * PAGE_BYTES);
    }

    /** Opens a channel, reporting the outcome as a future of nothing. */
    static CompletableFuture<Void> open(final VmbusChannel channel, final int ringPages) {
        return channel.open(rings(ringPages)).thenApply(path -> (Void) null);
    }

    final DriverEnvironment env() {
        return env;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<DeviceId> idTable() {
        return ids;
    }

    @Override
    public final boolean handlesHvsock() {
        return hvsock;
    }

    @Override
    public final ProbeType probeType() {
        return probeType;
    }

    @Override
    public void remove(final VmbusDevice device) {
        // Nothing of our own per device: the bus has drained the I/O and closes the channels.
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}

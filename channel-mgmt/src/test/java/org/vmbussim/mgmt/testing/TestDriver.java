package org.vmbussim.mgmt.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.OpenParams;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.wire.Guid;

/** A configurable driver that records its probes and removes. */
public final class TestDriver implements VmbusDriver {
    /** The ring size the default probe opens with. */
    public static final int RING_BYTES = 4 * 4096;

    private final String name;
    private final List<DeviceId> ids;
    private final boolean hvsock;
    private final ProbeType probeType;
    private final Function<VmbusDevice, CompletionStage<Void>> probe;
    /** Devices probed, in order. */
    public final List<VmbusDevice> probed = new ArrayList<>();
    /** Devices removed, in order. */
    public final List<VmbusDevice> removed = new ArrayList<>();

    private TestDriver(final String name, final List<DeviceId> ids, final boolean hvsock, final ProbeType probeType,
            final Function<VmbusDevice, CompletionStage<Void>> probe) {
        this.name = name;
        this.ids = ids;
        this.hvsock = hvsock;
        this.probeType = probeType;
        this.probe = probe;
    }

    /**
     * A driver whose probe opens the primary channel with {@link #RING_BYTES} rings.
     *
     * @param name    the name
     * @param classes the classes it handles
     * @return the driver
     */
    public static TestDriver opening(final String name, final Guid... classes) {
        return custom(name, ProbeType.SYNCHRONOUS, d -> d.channel().open(OpenParams.symmetric(RING_BYTES))
                .thenApply(p -> (Void) null), classes);
    }

    /**
     * A driver whose probe succeeds without opening anything.
     *
     * @param name    the name
     * @param classes the classes it handles
     * @return the driver
     */
    public static TestDriver passive(final String name, final Guid... classes) {
        return custom(name, ProbeType.SYNCHRONOUS, d -> CompletableFuture.completedFuture(null), classes);
    }

    /**
     * A driver with a given probe.
     *
     * @param name      the name
     * @param probeType how to probe
     * @param probe     the probe
     * @param classes   the classes it handles
     * @return the driver
     */
    public static TestDriver custom(final String name, final ProbeType probeType,
            final Function<VmbusDevice, CompletionStage<Void>> probe, final Guid... classes) {
        final List<DeviceId> ids = new ArrayList<>();
        for (final Guid g : classes) {
            ids.add(DeviceId.of(g));
        }
        return new TestDriver(name, List.copyOf(ids), false, probeType, probe);
    }

    /**
     * An hv_sock driver (matches hv_sock channels only) that probes passively.
     *
     * @param name the name
     * @return the driver
     */
    public static TestDriver hvsock(final String name) {
        return new TestDriver(name, List.of(), true, ProbeType.SYNCHRONOUS,
                d -> CompletableFuture.completedFuture(null));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<DeviceId> idTable() {
        return ids;
    }

    @Override
    public boolean handlesHvsock() {
        return hvsock;
    }

    @Override
    public ProbeType probeType() {
        return probeType;
    }

    @Override
    public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
        probed.add(device);
        return probe.apply(device);
    }

    @Override
    public void remove(final VmbusDevice device) {
        removed.add(device);
    }
}

package org.vmbussim.mgmt.scenario;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * {@code failing-probe}: a probe that refuses every device with {@code errno=} (default EIO), after opening the
 * channel when {@code open=yes}, to show that the bus closes what a failed probe left open.
 */
final class FailingProbeDriver extends ScenarioDriver {
    private final Errno errno;
    private final boolean opens;
    private final int ringPages;

    private FailingProbeDriver(final DriverSpec spec, final Errno errno, final boolean opens, final int ringPages,
            final DriverEnvironment env) {
        super(spec, false, ProbeType.SYNCHRONOUS, env);
        this.errno = errno;
        this.opens = opens;
        this.ringPages = ringPages;
    }

    static DriverRecipe prepare(final DriverSpec spec) {
        spec.allowOnly("errno", "open", "ring-pages");
        spec.requireClasses();
        final Errno errno = spec.errno("errno", Errno.EIO);
        final boolean opens = spec.yesNo("open", false);
        final int ringPages = ringPages(spec);
        return env -> new FailingProbeDriver(spec, errno, opens, ringPages, env);
    }

    @Override
    public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
        final CompletableFuture<Void> opened = opens ? open(device.channel(), ringPages)
                : CompletableFuture.completedFuture(null);
        return opened.thenCompose(v -> CompletableFuture.failedFuture(new ErrnoException(errno,
                "scenario driver " + name() + " refuses " + device.name())));
    }
}

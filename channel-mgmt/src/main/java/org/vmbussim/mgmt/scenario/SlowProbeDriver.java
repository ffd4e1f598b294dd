package org.vmbussim.mgmt.scenario;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusDevice;

/**
 * {@code slow-probe}: an asynchronous probe ({@link ProbeType#PREFER_ASYNCHRONOUS}, as the seed's driver) that
 * waits {@code delay=} (default 50 ms) of simulated time, then opens its channel ({@code open=no} to skip the
 * open). A rescind during the wait makes that open fail with ENODEV, so the probe fails and the bus removes the
 * device: the "rescind during probe" case.
 */
final class SlowProbeDriver extends ScenarioDriver {
    private static final long DEFAULT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long delayNanos;
    private final boolean opens;
    private final int ringPages;

    private SlowProbeDriver(final DriverSpec spec, final long delayNanos, final boolean opens, final int ringPages,
            final DriverEnvironment env) {
        super(spec, false, ProbeType.PREFER_ASYNCHRONOUS, env);
        this.delayNanos = delayNanos;
        this.opens = opens;
        this.ringPages = ringPages;
    }

    static DriverRecipe prepare(final DriverSpec spec) {
        spec.allowOnly("delay", "open", "ring-pages");
        spec.requireClasses();
        final long delay = spec.durationNanos("delay", DEFAULT_DELAY_NANOS);
        final boolean opens = spec.yesNo("open", true);
        final int ringPages = ringPages(spec);
        return env -> new SlowProbeDriver(spec, delay, opens, ringPages, env);
    }

    @Override
    public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        env().vm().scheduler().schedule(() -> {
            if (!opens) {
                done.complete(null);
                return;
            }
            open(device.channel(), ringPages).whenComplete((v, e) -> {
                if (e != null) {
                    done.completeExceptionally(Outcome.unwrap(e));
                } else {
                    done.complete(null);
                }
            });
        }, delayNanos, TimeUnit.NANOSECONDS);
        return done;
    }
}

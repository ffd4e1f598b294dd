package org.vmbussim.mgmt.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.IoTicket;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.uapi.Result;

/**
 * {@code pending-io}: opens its channel, then starts {@code requests=} I/O (default 3) through the device's
 * {@link org.vmbussim.mgmt.bus.IoGate}, as a driver with requests outstanding at the host does. The first
 * {@code finish=} of them (default 0) complete {@code finish-after=} later (default 10 ms); the others stay out
 * until the bus gives up on them at removal, which fails them with ENODEV. Each completion and abort is written
 * to the transcript, so a scenario shows the bus-level drain: new I/O refused, the wait bounded, the rest
 * aborted.
 */
final class PendingIoDriver extends ScenarioDriver {
    private static final long DEFAULT_FINISH_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MAX_REQUESTS = 64;

    private final int requests;
    private final int finishing;
    private final long finishAfterNanos;
    private final int ringPages;

    private PendingIoDriver(final DriverSpec spec, final int requests, final int finishing,
            final long finishAfterNanos, final int ringPages, final DriverEnvironment env) {
        super(spec, false, ProbeType.SYNCHRONOUS, env);
        this.requests = requests;
        this.finishing = finishing;
        this.finishAfterNanos = finishAfterNanos;
        this.ringPages = ringPages;
    }

    static DriverRecipe prepare(final DriverSpec spec) {
        spec.allowOnly("requests", "finish", "finish-after", "ring-pages");
        spec.requireClasses();
        final int requests = spec.intValue("requests", 3, 1, MAX_REQUESTS);
        final int finishing = spec.intValue("finish", 0, 0, requests);
        final long finishAfter = spec.durationNanos("finish-after", DEFAULT_FINISH_AFTER_NANOS);
        final int ringPages = ringPages(spec);
        return env -> new PendingIoDriver(spec, requests, finishing, finishAfter, ringPages, env);
    }

    @Override
    public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
        return open(device.channel(), ringPages).thenRun(() -> start(device));
    }

    private void start(final VmbusDevice device) {
        final int relid = device.channel().relid();
        final List<IoTicket> tickets = new ArrayList<>();
        for (int i = 1; i <= requests; i++) {
            final int n = i;
            final Result<IoTicket> entered = device.ioGate().enter(
                    () -> env().log("request #" + n + " on relid " + relid + " aborted with ENODEV"));
            if (!entered.isOk()) {
                env().log("request #" + n + " on relid " + relid + " refused: " + entered.errnoOrNull().name());
                return;
            }
            tickets.add(entered.orThrow());
        }
        env().log(requests + " requests in flight on relid " + relid);
        if (finishing == 0) {
            return;
        }
        env().vm().scheduler().schedule(() -> {
            for (int i = 0; i < finishing; i++) {
                env().log("request #" + (i + 1) + " on relid " + relid + (tickets.get(i).finish() ? " completed"
                        : " completed after it was aborted; ignored"));
            }
        }, finishAfterNanos, TimeUnit.NANOSECONDS);
    }
}

package org.vmbussim.mgmt.scenario;

import java.util.concurrent.CompletionStage;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusDevice;

/**
 * {@code opening}: the generic stand-in for a real VSC. Its probe opens the primary channel with small rings
 * ({@code ring-pages=}, default 4 per ring) and opens every sub-channel offered while it is bound.
 */
final class OpeningDriver extends ScenarioDriver {
    private final int ringPages;

    private OpeningDriver(final DriverSpec spec, final int ringPages, final DriverEnvironment env) {
        super(spec, false, ProbeType.SYNCHRONOUS, env);
        this.ringPages = ringPages;
    }

    static DriverRecipe prepare(final DriverSpec spec) {
        spec.allowOnly("ring-pages");
        spec.requireClasses();
        final int ringPages = ringPages(spec);
        return env -> new OpeningDriver(spec, ringPages, env);
    }

    @Override
    public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
        device.channel().setSubChannelCallback(sc -> open(sc, ringPages).whenComplete((v, e) -> {
            if (e != null) {
                env().log("sub-channel relid " + sc.relid() + " did not open: " + Outcome.describe(e));
            }
        }));
        return open(device.channel(), ringPages);
    }
}

package org.vmbussim.mgmt.scenario;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.ProbeType;
import org.vmbussim.mgmt.bus.VmbusDevice;

/**
 * {@code passive}: binds its classes and opens nothing. {@code hvsock}: the same for hv_sock channels, which
 * match only a driver that declares itself an hv_sock driver, whatever its classes.
 */
final class PassiveDriver extends ScenarioDriver {

    private PassiveDriver(final DriverSpec spec, final boolean hvsock, final DriverEnvironment env) {
        super(spec, hvsock, ProbeType.SYNCHRONOUS, env);
    }

    static DriverRecipe preparePassive(final DriverSpec spec) {
        spec.allowOnly();
        spec.requireClasses();
        return env -> new PassiveDriver(spec, false, env);
    }

    static DriverRecipe prepareHvsock(final DriverSpec spec) {
        spec.allowOnly();
        if (!spec.classes().isEmpty()) {
            throw new IllegalArgumentException("an hv_sock driver matches hv_sock channels by their flag; it takes no"
                    + " classes=");
        }
        return env -> new PassiveDriver(spec, true, env);
    }

    @Override
    public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
        return CompletableFuture.completedFuture(null);
    }
}

package org.vmbussim.mgmt.scenario;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.mgmt.device.DeviceType;

/** Found through META-INF/services by {@link DriverRegistry#discover()} in this module's tests. */
public final class TestScenarioDriverProvider implements ScenarioDriverProvider {
    /** The bus name of the provided driver. */
    static final String BUS_NAME = "vendor_kvp";

    @Override
    public void registerDrivers(final DriverRegistry registry) {
        registry.register("provided-kvp", () -> new VmbusDriver() {
            @Override
            public String name() {
                return BUS_NAME;
            }

            @Override
            public List<DeviceId> idTable() {
                return List.of(DeviceId.of(DeviceType.KVP.classId()));
            }

            @Override
            public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void remove(final VmbusDevice device) {
                // nothing per device
            }
        });
    }
}

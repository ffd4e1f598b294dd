package org.vmbussim.mgmt.scenario;

import org.vmbussim.mgmt.bus.VmbusDriver;

/** Makes one driver instance for one replay; see {@link DriverFactory}. */
@FunctionalInterface
public interface DriverRecipe {

    /**
     * Makes the driver.
     *
     * @param env the replay's VM and transcript
     * @return a new driver (never shared between replays: each replay has its own bus)
     */
    VmbusDriver create(DriverEnvironment env);
}

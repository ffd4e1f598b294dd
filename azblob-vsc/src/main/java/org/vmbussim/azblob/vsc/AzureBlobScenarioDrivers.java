package org.vmbussim.azblob.vsc;

import org.vmbussim.mgmt.scenario.DriverRegistry;
import org.vmbussim.mgmt.scenario.ScenarioDriverProvider;

/**
 * Makes the real Azure Blob driver available to scenario files by the name {@value AzureBlobDriver#NAME}
 * ({@code guest register hv_azure_blob}); found through {@link java.util.ServiceLoader}. Each replay gets a new
 * driver over the replay's own VM, without JMX.
 */
public final class AzureBlobScenarioDrivers implements ScenarioDriverProvider {

    @Override
    public void registerDrivers(final DriverRegistry registry) {
        registry.registerFactory(AzureBlobDriver.NAME, spec -> {
            if (!spec.classes().isEmpty() || !spec.options().isEmpty()) {
                throw new IllegalArgumentException("driver '" + AzureBlobDriver.NAME
                        + "' brings its own id table and takes no classes= or other options");
            }
            return env -> new AzureBlobBusDriver(new AzureBlobDriver(AzureBlobConfig.builder().withoutJmx().build(),
                    env.vm().devfs(), env.vm().memory()));
        });
    }
}

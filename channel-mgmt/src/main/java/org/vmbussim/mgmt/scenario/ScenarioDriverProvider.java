package org.vmbussim.mgmt.scenario;

/**
 * Contributes drivers (and host device models) to {@link DriverRegistry#discover()}: implement it, list the class
 * in {@code META-INF/services/org.vmbussim.mgmt.scenario.ScenarioDriverProvider}, and scenarios can
 * {@code guest register} your drivers by name (and name your models in a {@code host-model} header line).
 *
 * <pre>{@code
 * public final class AzureBlobScenarioDrivers implements ScenarioDriverProvider {
 *     public void registerDrivers(DriverRegistry registry) {
 *         registry.register("hv_azure_blob", AzureBlobDriver::new);
 *         registry.registerHostModel("azure-blob-vsp", AzureBlobVsp::new);
 *     }
 * }
 * }</pre>
 */
public interface ScenarioDriverProvider {

    /**
     * Registers this provider's drivers and models.
     *
     * @param registry the registry being built
     */
    void registerDrivers(DriverRegistry registry);
}

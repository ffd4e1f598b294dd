package org.vmbussim.mgmt.device;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.vmbussim.wire.Guid;

/**
 * The instance GUIDs of PCIe offers the guest ignores (seed patch 1/3, {@code vpci_ignore_instances[]}): the host
 * presents some VMBus devices a second time as a VPCI device with no real PCI device behind it, and such an
 * offer must never reach the PCI driver. Immutable.
 */
public final class VpciIgnoreList {
    /** The Azure Blob device's VPCI shadow: {d4573da2-2caa-4711-a8f9-bbabf4ee9685}. */
    public static final Guid AZURE_BLOB_VPCI_INSTANCE = Guid.parse("{d4573da2-2caa-4711-a8f9-bbabf4ee9685}");

    private static final VpciIgnoreList DEFAULTS = new VpciIgnoreList(List.of(AZURE_BLOB_VPCI_INSTANCE));
    private static final VpciIgnoreList NONE = new VpciIgnoreList(List.of());

    private final List<Guid> instances;

    private VpciIgnoreList(final List<Guid> instances) {
        this.instances = instances;
    }

    /**
     * The seed's list: the Azure Blob VPCI instance.
     *
     * @return the list
     */
    public static VpciIgnoreList defaults() {
        return DEFAULTS;
    }

    /**
     * An empty list: every PCIe offer goes on.
     *
     * @return the list
     */
    public static VpciIgnoreList none() {
        return NONE;
    }

    /**
     * A list of instance GUIDs.
     *
     * @param instances the GUIDs
     * @return the list
     */
    public static VpciIgnoreList of(final Collection<Guid> instances) {
        return new VpciIgnoreList(List.copyOf(instances));
    }

    /**
     * Whether an offer is an ignored VPCI shadow: its type is {@link DeviceType#PCIE} and its instance is listed.
     *
     * @param type       the offer's device type
     * @param instanceId the offer's instance GUID
     * @return true when the offer must not reach a driver
     */
    public boolean ignores(final DeviceType type, final Guid instanceId) {
        return type == DeviceType.PCIE && instances.contains(Objects.requireNonNull(instanceId, "instanceId"));
    }

    /**
     * The instance GUIDs.
     *
     * @return an unmodifiable list
     */
    public List<Guid> instances() {
        return instances;
    }

    @Override
    public String toString() {
        return "VpciIgnoreList" + instances;
    }
}

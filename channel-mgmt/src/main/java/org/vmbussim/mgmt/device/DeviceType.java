package org.vmbussim.mgmt.device;

import org.vmbussim.mgmt.message.ChannelOffer;
import org.vmbussim.wire.Guid;

/**
 * {@code enum vmbus_device_type} with the {@code vmbus_devs[]} table (VMBUS-REFERENCE.md §4.6), in enum order
 * with the seed's HV_AZURE_BLOB inserted before HV_UNKNOWN, so {@link #ordinal()} is the Linux
 * {@code dev_type}. Each entry has its class GUID, {@code perf_device} and {@code allowed_in_isolated} as of
 * Linux 5.14 and 6.x (only PCIe changed).
 */
public enum DeviceType {
    /** HV_IDE. */
    IDE("{32412632-86cb-44a2-9b5c-50d1417354f5}", true, false, false),
    /** HV_SCSI. */
    SCSI("{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}", true, true, true),
    /** HV_FC: synthetic Fibre Channel. */
    FC("{2f9bcc4a-0069-4af3-b76b-6fd0be528cda}", true, false, false),
    /** HV_NIC. */
    NIC("{f8615163-df3e-46c5-913f-f2d2f965ed0e}", true, true, true),
    /** HV_ND: NetworkDirect. */
    ND("{8c2eaf3d-32a7-4b09-ab99-bd1f1c86b501}", true, false, false),
    /** HV_PCIE: PCI pass-through (allowed in isolated VMs after 5.14). */
    PCIE("{44c4f61d-4444-4400-9d52-802e27ede19f}", false, false, true),
    /** HV_FB: synthetic video. */
    FB("{da0a7802-e377-4aac-8e77-0558eb1073f8}", false, false, false),
    /** HV_KBD. */
    KBD("{f912ad6d-2b17-48ea-bd65-f927a61c7684}", false, false, false),
    /** HV_MOUSE. */
    MOUSE("{cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a}", false, false, false),
    /** HV_KVP. */
    KVP("{a9a0f4e7-5a45-4d96-b827-8a841e8c03e6}", false, false, false),
    /** HV_TS: time sync. */
    TS("{9527e630-d0ae-497b-adce-e80ab0175caf}", false, true, true),
    /** HV_HB: heartbeat. */
    HB("{57164f39-9115-4e78-ab55-382f3bd5422d}", false, true, true),
    /** HV_SHUTDOWN. */
    SHUTDOWN("{0e0b6031-5213-4934-818b-38d90ced39db}", false, true, true),
    /** HV_FCOPY: file copy. */
    FCOPY("{34d14be3-dee4-41c8-9ae7-6b174977c192}", false, false, false),
    /** HV_BACKUP: VSS. */
    BACKUP("{35fa2e29-ea23-4236-96ae-3a6ebacba440}", false, false, false),
    /** HV_DM: dynamic memory. */
    DM("{525074dc-8985-46e2-8057-a307dc18a502}", false, false, false),
    /** HV_AZURE_BLOB (seed patch 2/3). */
    AZURE_BLOB("{0590b792-db64-45cc-81db-b8d70c577c9e}", false, false, false),
    /** HV_UNKNOWN: the zero GUID; also what hv_sock and unsupported offers get. */
    UNKNOWN("{00000000-0000-0000-0000-000000000000}", false, false, false);

    private static final DeviceType[] TABLE = values();

    private final Guid classId;
    private final boolean perfDevice;
    private final boolean allowedInIsolated514;
    private final boolean allowedInIsolated6x;

    DeviceType(final String classId, final boolean perfDevice, final boolean allowedInIsolated514,
            final boolean allowedInIsolated6x) {
        this.classId = Guid.parse(classId);
        this.perfDevice = perfDevice;
        this.allowedInIsolated514 = allowedInIsolated514;
        this.allowedInIsolated6x = allowedInIsolated6x;
    }

    /**
     * The seed's {@code hv_get_dev_type(guid)}: unsupported GUIDs and GUIDs not in the table are
     * {@link #UNKNOWN}. Never logs (the caller logs unknown GUIDs once, see {@link UnknownGuidLog}).
     *
     * @param classId an offer's {@code if_type}
     * @return the type
     */
    public static DeviceType forClassId(final Guid classId) {
        if (UnsupportedDevices.isUnsupported(classId)) {
            return UNKNOWN;
        }
        for (int i = 0; i < UNKNOWN.ordinal(); i++) {
            if (TABLE[i].classId.equals(classId)) {
                return TABLE[i];
            }
        }
        return UNKNOWN;
    }

    /**
     * The device type a channel gets ({@code vmbus_setup_channel_state} in the seed): hv_sock offers are
     * {@link #UNKNOWN}, every other offer is typed by its class GUID.
     *
     * @param offer the offer
     * @return the type
     */
    public static DeviceType of(final ChannelOffer offer) {
        return offer.isHvsock() ? UNKNOWN : forClassId(offer.interfaceType());
    }

    /**
     * The class GUID ({@code vmbus_devs[i].guid}).
     *
     * @return the GUID; zero for {@link #UNKNOWN}
     */
    public Guid classId() {
        return classId;
    }

    /**
     * {@code perf_device}: whether Linux spreads this type's channels over CPUs ({@code hv_is_perf_channel}).
     *
     * @return the flag
     */
    public boolean perfDevice() {
        return perfDevice;
    }

    /**
     * {@code allowed_in_isolated} as of a policy's kernel.
     *
     * @param policy the kernel whose table to use
     * @return the flag
     */
    public boolean allowedInIsolated(final IsolationPolicy policy) {
        return policy == IsolationPolicy.LINUX_5_14 ? allowedInIsolated514 : allowedInIsolated6x;
    }

    /**
     * The Linux {@code dev_type} value (HV_IDE = 0 ... HV_AZURE_BLOB = 16, HV_UNKNOWN = 17).
     *
     * @return the value
     */
    public int devType() {
        return ordinal();
    }
}

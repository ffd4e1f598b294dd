package org.vmbussim.mgmt.testing;

import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.wire.Guid;

/** GUIDs the tests use. */
public final class Guids {
    /** HV_AZURE_BLOB class. */
    public static final Guid BLOB = DeviceType.AZURE_BLOB.classId();
    /** HV_PCIE class. */
    public static final Guid PCIE = DeviceType.PCIE.classId();
    /** HV_SCSI class. */
    public static final Guid SCSI = DeviceType.SCSI.classId();
    /** The Azure Blob VPCI shadow instance. */
    public static final Guid VPCI_SHADOW = Guid.parse("{d4573da2-2caa-4711-a8f9-bbabf4ee9685}");

    private Guids() {
    }

    /**
     * A made-up instance GUID.
     *
     * @param n a number to tell instances apart
     * @return the GUID
     */
    public static Guid instance(final int n) {
        return Guid.parse(String.format("{%08x-0000-4000-8000-00000000beef}", n));
    }
}

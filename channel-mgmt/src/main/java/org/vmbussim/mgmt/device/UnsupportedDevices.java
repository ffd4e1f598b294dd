package org.vmbussim.mgmt.device;

import java.util.List;
import org.vmbussim.wire.Guid;

/** {@code vmbus_unsupported_devs}: class GUIDs Linux never types or binds (VMBUS-REFERENCE.md §4.6). */
public final class UnsupportedDevices {
    /** AVMA1 (automatic VM activation). */
    public static final Guid AVMA1 = Guid.parse("{f8e65716-3cb3-4a06-9a60-1889c5cccab5}");
    /** AVMA2. */
    public static final Guid AVMA2 = Guid.parse("{3375baf4-9e15-4b30-b765-67acb10d607b}");
    /** RDV (remote desktop virtualization). */
    public static final Guid RDV = Guid.parse("{276aacf4-ac15-426c-98dd-7521ad3f01fe}");
    /** IMC (initial machine configuration; Windows guests only). */
    public static final Guid IMC = Guid.parse("{c376c1c3-d276-48d2-90a9-c04748072c60}");

    /** The list, in Linux's order. */
    public static final List<Guid> ALL = List.of(AVMA1, AVMA2, RDV, IMC);

    private UnsupportedDevices() {
    }

    /**
     * {@code is_unsupported_vmbus_devs}.
     *
     * @param classId a class GUID
     * @return true when it is on the list
     */
    public static boolean isUnsupported(final Guid classId) {
        return ALL.contains(classId);
    }
}

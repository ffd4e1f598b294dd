package org.vmbussim.mgmt.device;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.wire.Guid;

/**
 * Logs "Unknown GUID" once per GUID per guest. Linux prints it on every offer (and the seed printed it twice per
 * offer); a host re-offering the same device must not fill the log. One instance per guest, never static.
 * Thread-safe.
 */
public final class UnknownGuidLog {
    private static final Logger LOG = LoggerFactory.getLogger(UnknownGuidLog.class);

    private final Set<Guid> seen = new HashSet<>();

    /**
     * Logs a GUID at INFO the first time it is seen.
     *
     * @param classId the unknown class GUID
     * @return true when this call logged it
     */
    public boolean report(final Guid classId) {
        synchronized (seen) {
            if (!seen.add(classId)) {
                return false;
            }
        }
        LOG.info("Unknown GUID: {}", classId);
        return true;
    }

    /**
     * How many distinct unknown GUIDs were seen.
     *
     * @return the count
     */
    public int distinct() {
        synchronized (seen) {
            return seen.size();
        }
    }
}

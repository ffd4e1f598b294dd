package org.vmbussim.mgmt.scenario;

import org.vmbussim.wire.Guid;

/**
 * What a scenario label names in one run: the class and instance of an offer and, once the host has assigned
 * it, its relid. Labels are resolved per run, so a parsed {@link Scenario} holds none of this state.
 */
final class DeviceRef {
    private final String label;
    private final Guid classId;
    private final Guid instanceId;
    private Integer relid;

    DeviceRef(final String label, final Guid classId, final Guid instanceId, final Integer relid) {
        this.label = label;
        this.classId = classId;
        this.instanceId = instanceId;
        this.relid = relid;
    }

    String label() {
        return label;
    }

    Guid classId() {
        return classId;
    }

    Guid instanceId() {
        return instanceId;
    }

    boolean hasRelid() {
        return relid != null;
    }

    /** The relid; fails the step when the offer did not get one. */
    int relid() {
        if (relid == null) {
            throw new StepFailure("'" + label + "' has no relid (its offer did not complete)");
        }
        return relid;
    }

    void relid(final int value) {
        this.relid = value;
    }

    boolean is(final int otherRelid, final Guid otherInstance) {
        return relid != null && relid == otherRelid && instanceId.equals(otherInstance);
    }
}

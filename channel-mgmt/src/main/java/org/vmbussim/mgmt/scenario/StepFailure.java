package org.vmbussim.mgmt.scenario;

/** A step that cannot be carried out in this run (an unknown relid, a driver that cannot be made). */
final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(final String message) {
        super(message, null, false, false);
    }
}

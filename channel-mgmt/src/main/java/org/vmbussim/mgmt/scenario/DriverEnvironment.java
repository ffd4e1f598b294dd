package org.vmbussim.mgmt.scenario;

import java.util.Objects;
import java.util.function.Consumer;
import org.vmbussim.mgmt.sim.SimulatedVm;

/**
 * What a scenario driver may use in its replay: the VM (its scheduler for timers, its memory, devfs and
 * processes) and the transcript, for the few driver-side events a scenario should show.
 *
 * @param driverName the name the driver was registered under in the scenario
 * @param vm         the simulated VM
 * @param transcript appends a line to the transcript at the current simulated time
 */
public record DriverEnvironment(String driverName, SimulatedVm vm, Consumer<String> transcript) {

    /**
     * Validates.
     *
     * @param driverName name
     * @param vm         VM
     * @param transcript transcript
     */
    public DriverEnvironment {
        Objects.requireNonNull(driverName, "driverName");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(transcript, "transcript");
    }

    /**
     * Writes {@code driver NAME: message} to the transcript. Keep it to what a scenario should pin down
     * (requests completed or aborted); built only from deterministic values.
     *
     * @param message the event
     */
    public void log(final String message) {
        transcript.accept("driver " + driverName + ": " + message);
    }
}

package org.vmbussim.mgmt.scenario;

import java.util.Map;
import java.util.function.Supplier;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.mgmt.sim.HostDeviceModel;
import org.vmbussim.mgmt.sim.SimulatedVm;
import org.vmbussim.wire.Guid;

/**
 * Replays a {@link Scenario} on a fresh {@link SimulatedVm} over a {@link DeterministicScheduler} seeded from the
 * header, on the calling thread, and returns the transcript and the failed expectations.
 *
 * <p>Each action starts its work and then runs every task that became ready, without moving the clock; only
 * {@code delay} and {@code settle} move simulated time. After the last statement time may run on up to
 * {@link Scenario#endSettleNanos()} so that bounded waits end, an {@code end} line sums up the state and every
 * operation still pending is listed. Same scenario, same seed: the same transcript, byte for byte.
 */
public final class ScenarioRunner {

    private ScenarioRunner() {
    }

    /**
     * Replays a scenario. The VM and scheduler are closed afterwards; nothing is left running.
     *
     * @param scenario the scenario
     * @return the transcript and failures
     */
    public static ScenarioResult run(final Scenario scenario) {
        try (DeterministicScheduler scheduler = new DeterministicScheduler(scenario.seed())) {
            final SimulatedVm.Builder builder = SimulatedVm.builder().name(scenario.name())
                    .memoryPages(scenario.memoryPages()).scheduler(scheduler)
                    .guestConfig(scenario.guestConfig()).hostConfig(scenario.hostConfig());
            for (final Map.Entry<Guid, Supplier<? extends HostDeviceModel>> m : scenario.hostModels().entrySet()) {
                builder.hostModel(m.getKey(), m.getValue().get());
            }
            try (SimulatedVm vm = builder.build()) {
                final ScenarioRun run = new ScenarioRun(scenario, scheduler, vm);
                run.begin();
                for (final Step step : scenario.steps()) {
                    run.execute(step);
                }
                return run.finish();
            }
        }
    }
}

package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.uapi.Errno;

/**
 * Every fault of {@link LifecycleScenario.Fault} at every point of {@link LifecycleScenario.Point}, on the
 * deterministic scheduler: 7 faults x 6 points = 42 scenarios, each reproducible by its seed. Prints the count
 * and a summary line.
 */
class FaultMatrixTest {
    private static final Logger LOG = LoggerFactory.getLogger(FaultMatrixTest.class);

    @Test
    void everyFaultAtEveryPointOfARequestsLifeEndsCleanly() {
        final List<String> failures = new ArrayList<>();
        int scenarios = 0;
        long seed = FuzzSettings.seed();
        for (final LifecycleScenario.Fault fault : LifecycleScenario.Fault.values()) {
            for (final LifecycleScenario.Point point : LifecycleScenario.Point.values()) {
                scenarios++;
                seed++;
                try {
                    final LifecycleScenario.Result r = LifecycleScenario.run(fault, point, seed);
                    assertTrue(LifecycleScenario.allowed(fault, point).contains(r.outcome()), "outcome "
                            + r.outcome() + " (expected one of " + LifecycleScenario.allowed(fault, point) + ")");
                    if (fault == LifecycleScenario.Fault.BACKEND_ERROR && point != LifecycleScenario.Point.PINNED
                            && point != LifecycleScenario.Point.COMPLETING) {
                        assertEquals(Errno.EIO.value(), r.status(), "the backend's errno is the request's status");
                    }
                    LOG.info("matrix {} at {} (seed {}): {} status {} http {}", fault, point, seed, r.outcome(),
                            r.status(), r.http());
                } catch (final AssertionError | RuntimeException e) {
                    failures.add(fault + " at " + point + " (seed " + seed + "): " + e);
                }
            }
        }
        LOG.info("fault matrix: {} faults x {} points = {} scenarios: {} passed, {} failed",
                LifecycleScenario.Fault.values().length, LifecycleScenario.Point.values().length, scenarios,
                scenarios - failures.size(), failures.size());
        assertEquals(List.of(), failures);
    }
}

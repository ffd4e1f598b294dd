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
 * deterministic scheduler, each reproducible by its seed: 7 faults x 6 points = 42 scenarios, each run twice,
 * with the subject alone and with the subject one of 64 requests in flight (63 bystanders over 4 processes and
 * 8 handles); 84 runs. Prints the count and a summary line.
 */
class FaultMatrixTest {
    private static final Logger LOG = LoggerFactory.getLogger(FaultMatrixTest.class);
    /** Bystanders in the crowded runs: with the subject, 64 requests in flight. */
    static final int CROWD = 63;

    @Test
    void everyFaultAtEveryPointOfARequestsLifeEndsCleanly() {
        final List<String> failures = new ArrayList<>();
        int runs = 0;
        long bystanders = 0;
        long seed = FuzzSettings.seed();
        for (final int crowd : new int[] {0, CROWD}) {
            for (final LifecycleScenario.Fault fault : LifecycleScenario.Fault.values()) {
                for (final LifecycleScenario.Point point : LifecycleScenario.Point.values()) {
                    runs++;
                    seed++;
                    try {
                        final LifecycleScenario.Result r = LifecycleScenario.run(fault, point, seed, crowd);
                        assertTrue(LifecycleScenario.allowed(fault, point).contains(r.outcome()), "outcome "
                                + r.outcome() + " (expected one of " + LifecycleScenario.allowed(fault, point) + ")");
                        final boolean backendFaultIsTheSubjects = point != LifecycleScenario.Point.COMPLETING
                                && (crowd > 0 || point != LifecycleScenario.Point.PINNED);
                        if (fault == LifecycleScenario.Fault.BACKEND_ERROR && backendFaultIsTheSubjects) {
                            assertEquals(Errno.EIO.value(), r.status(), "the backend's errno is the request's status");
                        }
                        bystanders += r.bystanders().values().stream().mapToInt(Integer::intValue).sum();
                        LOG.info("matrix {} at {} with {} in flight (seed {}): {} status {} http {}; bystanders {}",
                                fault, point, crowd + 1, seed, r.outcome(), r.status(), r.http(), r.bystanders());
                    } catch (final AssertionError | RuntimeException e) {
                        failures.add(fault + " at " + point + " with " + (crowd + 1) + " in flight (seed " + seed
                                + "): " + e);
                    }
                }
            }
        }
        final int scenarios = LifecycleScenario.Fault.values().length * LifecycleScenario.Point.values().length;
        LOG.info("fault matrix: {} faults x {} points = {} scenarios, each with 1 and with {} requests in flight:"
                + " {} runs, {} passed, {} failed; {} bystander requests checked", LifecycleScenario.Fault.values()
                .length, LifecycleScenario.Point.values().length, scenarios, CROWD + 1, runs, runs - failures.size(),
                failures.size(), bystanders);
        assertEquals(List.of(), failures);
    }
}

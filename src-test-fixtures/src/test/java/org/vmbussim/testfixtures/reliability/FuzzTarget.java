package org.vmbussim.testfixtures.reliability;

import java.util.Random;

/**
 * One parser under fuzzing, as a harness: a fresh state per epoch, then inputs fed one at a time. An input is
 * generated from its own {@link Random} (seeded from the campaign seed and the input's index), so any input can
 * be replayed from a fresh harness by running its epoch up to it.
 */
interface FuzzTarget {

    /** A harness: the system under test in a known state. */
    interface Harness extends AutoCloseable {
        /**
         * Generates one input from {@code random}, feeds it and checks the oracle.
         *
         * @param random the input's randomness
         * @return a short name of what the input led to (counted in the campaign's summary)
         * @throws AssertionError when the oracle is violated
         */
        String feed(Random random);

        /**
         * Counts beyond the inputs' outcomes (e.g. how the requests ended), added to the campaign's summary.
         *
         * @return counts by name
         */
        default java.util.Map<String, Long> counters() {
            return java.util.Map.of();
        }

        /** Checks the end-of-epoch invariants (nothing leaked) and tears the harness down. */
        @Override
        void close();
    }

    /**
     * The target's name (the regression directory's name too).
     *
     * @return e.g. {@code vsp-request}
     */
    String name();

    /**
     * Inputs fed to one harness before it is closed and a fresh one is built.
     *
     * @return at least 1
     */
    int epochLength();

    /**
     * Builds a fresh harness.
     *
     * @return the harness
     */
    Harness newHarness();
}

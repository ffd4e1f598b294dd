/**
 * A short in-process comparison of the fast path and REST over loopback HTTP (timed loops, no JMH fork), for
 * {@code vmbus-sim bench}: a first look in seconds; the JMH suite in {@link org.vmbussim.bench.e2e} is the
 * measurement.
 */
package org.vmbussim.bench.quick;

/**
 * {@code vmbus-sim bench}: a short in-process comparison of the fast path and REST over loopback HTTP on one
 * in-memory store, with a progress bar on a terminal and a ratio table at the end. The loops live in the
 * benchmarks module ({@link org.vmbussim.bench.quick.QuickBench}); the JMH suite (build/run-benchmarks.sh) is
 * the real measurement.
 */
package org.vmbussim.cli.bench;

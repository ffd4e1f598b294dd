/**
 * Schedulers that run signals and callbacks of channels: a single-threaded deterministic one with a
 * seeded ready queue and a manual clock (after Kafka's Raft event simulation), and a threaded one for
 * real use and benchmarks. Channel code is written against {@link org.vmbussim.core.sched.Scheduler} and
 * runs unchanged on both.
 */
package org.vmbussim.core.sched;

/**
 * JMH benchmarks of vmbus-sim and the anchors they are measured against, in the same run (see
 * docs/benchmarks.md for the command and the latest numbers). Run them from the shaded
 * {@code benchmarks/target/benchmarks.jar}; {@code mvn verify} only compiles and packages them.
 *
 * @see <a href="https://github.com/openjdk/jmh">JMH</a>
 */
package org.vmbussim.bench;

/**
 * JMH benchmarks of vmbus-sim and the anchors they are measured against.
 */
package org.vmbussim.bench;

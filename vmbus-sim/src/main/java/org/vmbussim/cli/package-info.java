/**
 * The vmbus-sim command line: demo, replay, layout, bench.
 */
package org.vmbussim.cli;

/**
 * {@code vmbus-sim replay}: replays scenario files (docs/scenarios.md) on the deterministic scheduler, prints
 * their transcripts, and compares them with their golden transcripts.
 */
package org.vmbussim.cli.replay;

/**
 * One-call test beds: a simulated Azure VM with the Azure Blob guest driver bound, the host provider serving
 * it from a blob backend, and helpers for simulated processes, for tests, embedders and the CLI demo.
 */
package org.vmbussim.testfixtures.bed;

/**
 * {@code vmbus-sim demo}: boots a simulated Azure VM with Azure Blob devices and has a simulated process store,
 * list, read, verify and delete blobs through {@code /dev/azure_blob}, printing what the guest, the host and
 * the store did.
 */
package org.vmbussim.cli.demo;

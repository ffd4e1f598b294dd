/**
 * The device/driver model (Linux {@code vmbus_drv.c}, VMBUS-REFERENCE.md §4.9): drivers register with an id
 * table of class GUIDs, the bus matches devices to them, probes (optionally asynchronously) and removes.
 *
 * <p>Removal is a bus service, as the seed's reviewers asked (§5.10 point 3): the bus closes each channel's
 * {@link org.vmbussim.mgmt.bus.IoGate} so new I/O fails with ENODEV, waits a bounded time for the I/O in
 * flight to finish, fails what is left with ENODEV, calls the driver's {@code remove}, and closes the
 * channels the driver left open. A driver never counts opens or keeps a "removing" flag. What happens is
 * reported as {@link org.vmbussim.mgmt.bus.BusEvent}s to {@link org.vmbussim.mgmt.bus.BusListener}s, so nobody
 * needs to scrape logs, and the bus logs nothing at INFO while all is well.
 */
package org.vmbussim.mgmt.bus;

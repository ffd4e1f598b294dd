/**
 * The VMBus control plane (VMBUS-REFERENCE.md §4): channel messages and their layouts
 * ({@link org.vmbussim.mgmt.message}), the device-type table and offer filters ({@link org.vmbussim.mgmt.device}),
 * the simulated Hyper-V host ({@link org.vmbussim.mgmt.host}), the Linux guest's connection and channel manager
 * ({@link org.vmbussim.mgmt.guest}), the device/driver model with bus-level removal
 * ({@link org.vmbussim.mgmt.bus}), and the few services the embedder provides ({@link org.vmbussim.mgmt.spi}).
 *
 * <p>Wiring a host and a guest: create a {@link org.vmbussim.mgmt.host.VmbusHost} and a
 * {@link org.vmbussim.mgmt.guest.VmbusGuest} whose {@code GuestToHostPort} is the host, attach the guest to the
 * host with {@code host.attachGuest(guest)}, register drivers on {@code guest.bus()}, offer devices on the host and
 * call {@code guest.connect()}.
 */
package org.vmbussim.mgmt;

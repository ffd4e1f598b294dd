/**
 * The control plane bound to vmbus-core: a simulated VM ({@link org.vmbussim.mgmt.sim.SimulatedVm}) with guest
 * memory, a scheduler, the host and the guest, whose opened channels get real ring buffers in guest pages
 * ({@link org.vmbussim.mgmt.sim.CoreDataPaths}) and whose host-side device models see the host end of every
 * channel of their class ({@link org.vmbussim.mgmt.sim.HostDeviceModel}).
 */
package org.vmbussim.mgmt.sim;

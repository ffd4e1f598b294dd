/**
 * Device types and offer filtering: the {@code vmbus_devs[]} table with its perf and isolation columns
 * ({@link org.vmbussim.mgmt.device.DeviceType}, VMBUS-REFERENCE.md §4.6), the unsupported list, the isolated-VM
 * offer check ({@link org.vmbussim.mgmt.device.IsolationPolicy}), the ignore-VPCI-instance list of seed patch
 * 1/3 ({@link org.vmbussim.mgmt.device.VpciIgnoreList}) and the once-per-GUID "Unknown GUID" log.
 */
package org.vmbussim.mgmt.device;

/**
 * The VMBus control plane: channel messages, offers, device types, driver matching,
 * probe/remove/rescind and scenario replay.
 */
package org.vmbussim.mgmt;

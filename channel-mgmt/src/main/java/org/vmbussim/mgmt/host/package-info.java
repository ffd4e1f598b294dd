/**
 * The simulated Hyper-V side of the control plane (the roles of Hyper-V's VMBus server, QEMU
 * {@code hw/hyperv/vmbus.c} and OpenVMM {@code vmbus_server}): it offers channels, answers version negotiation,
 * assembles GPADLs from header and body messages, opens and closes channels, rescinds them with the
 * RELID_RELEASED handshake, hot-adds and hot-removes at any time, and resets on UNLOAD. It checks every length,
 * count, relid, handle and PFN the guest sends, and answers what it refuses where the protocol has an answer.
 */
package org.vmbussim.mgmt.host;

/**
 * The guest side of the control plane, as Linux does it (VMBUS-REFERENCE.md §4.5-§4.8, {@code connection.c},
 * {@code channel_mgmt.c}, {@code channel.c}): version negotiation newest to oldest, the offer flow with its
 * filters (ignore-VPCI, isolation, relid checks, sub-channels), the offers-in-progress count that rescinds wait
 * for, rescind with the RELID_RELEASED handshake, channel open and close over a ring GPADL, and unload.
 *
 * <p>Unlike the seed (§5.10), an ignored VPCI offer releases its relid and leaves no offer counted as in
 * progress, and every wait on the host is bounded.
 */
package org.vmbussim.mgmt.guest;

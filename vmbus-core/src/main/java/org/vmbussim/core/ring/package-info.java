/**
 * Hyper-V VMBus ring buffers: the shared {@code hv_ring_buffer} header page, the writer
 * ({@link org.vmbussim.core.ring.OutgoingRing}) and the hardened reader
 * ({@link org.vmbussim.core.ring.IncomingRing}) over a {@link org.vmbussim.core.ring.RingMemory}. The
 * writer publishes one packet per {@code write} (Linux's shape) or several per
 * {@link org.vmbussim.core.ring.OutgoingRing.Batch#commit() batch commit} (OpenVMM's
 * {@code write} then {@code commit_write}).
 *
 * <p>Models Linux {@code drivers/hv/ring_buffer.c} ({@code hv_ringbuffer_write},
 * {@code hv_pkt_iter_first}/{@code _next}/{@code _close}, {@code hv_begin_read}/{@code hv_end_read}),
 * with the pointer validation of OpenVMM's {@code vmbus_ring} crate. Facts and algorithms:
 * VMBUS-REFERENCE.md §1 and §7. Everything read from the shared page or the data area is hostile
 * input: indices are validated before use and a corrupt ring ends in a typed
 * {@link org.vmbussim.core.ring.RingCorruptedException}.
 *
 * @see <a href="https://github.com/torvalds/linux/blob/master/drivers/hv/ring_buffer.c">Linux ring_buffer.c</a>
 */
package org.vmbussim.core.ring;

/**
 * VMBus packet formats (VMBUS-REFERENCE.md §2): the {@code vmpacket_descriptor} at the start of every
 * packet, GPA-direct packets with their {@code gpa_range} lists, completions, and the size maths.
 *
 * <p>{@link org.vmbussim.core.packet.PacketWriter} builds in-band, GPA-direct and completion packets
 * into a caller's {@link io.netty.buffer.ByteBuf} (Linux {@code vmbus_sendpacket},
 * {@code vmbus_sendpacket_mpb_desc}; QEMU {@code vmbus_channel_send_completion}) and
 * {@link org.vmbussim.core.packet.PacketParser} validates a packet the ring reader has already copied
 * out of shared memory, as strictly as OpenVMM's {@code vmbus_ring::parse_packet} and
 * {@code gparange::parse}. Peer-written bytes that do not form a valid packet give a
 * {@link org.vmbussim.core.packet.PacketFormatException} with a
 * {@link org.vmbussim.core.packet.PacketFormatException.Reason}; nothing else escapes the parser.
 *
 * <p>Every struct is one {@code *Layout} class of offset constants with a {@code StructLayout}, listed
 * in {@link org.vmbussim.core.packet.PacketLayouts} and pinned by golden vectors in src-test-fixtures.
 */
package org.vmbussim.core.packet;

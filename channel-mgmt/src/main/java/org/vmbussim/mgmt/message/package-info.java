/**
 * VMBus channel messages (CHANNELMSG_*), the control plane's wire format: one {@code *Layout} class of
 * offset constants per C struct (VMBUS-REFERENCE.md §4.2-§4.4, Linux {@code include/linux/hyperv.h}),
 * a typed record per message ({@link org.vmbussim.mgmt.message.ChannelMessage}), the dispatch table
 * ({@link org.vmbussim.mgmt.message.ChannelMessageType}, after Linux {@code channel_message_table}) and
 * the validating decoder every received message goes through
 * ({@link org.vmbussim.mgmt.message.ChannelMessageDecoder}, after {@code vmbus_on_msg_dpc}).
 *
 * <p>Everything is little-endian; padding and reserved fields are written as zero and ignored on read.
 */
package org.vmbussim.mgmt.message;

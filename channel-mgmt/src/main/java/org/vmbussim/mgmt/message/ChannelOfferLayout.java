package org.vmbussim.mgmt.message;

import org.vmbussim.wire.Guid;
import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct vmbus_channel_offer} (176 bytes), the device part of an OFFERCHANNEL message
 * (VMBUS-REFERENCE.md §4.3). For a pipe offer ({@code chn_flags & NAMED_PIPE_MODE}) the first four bytes
 * of {@code user_def} are {@code pipe_mode}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |               if_type (16 bytes, device class GUID)           |  0
 * |              if_instance (16 bytes, instance GUID)            | 16
 * |              reserved1 (u64; old int_latency)                 | 32
 * |        reserved2 (u64; old if_revision, server_ctx_size)      | 40
 * |           chn_flags           |         mmio_megabytes        | 48
 * |              u.std.user_def (120 bytes) / u.pipe              | 52
 * |       sub_channel_index       |           reserved3           | 172
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class ChannelOfferLayout {
    /** {@code MAX_USER_DEFINED_BYTES}: size of {@code user_def} (and of OPENCHANNEL's {@code userdata}). */
    public static final int MAX_USER_DEFINED_BYTES = 120;
    /** {@code MAX_PIPE_USER_DEFINED_BYTES}: the user bytes left after {@code pipe_mode}. */
    public static final int MAX_PIPE_USER_DEFINED_BYTES = 116;
    /** Interface (device class) GUID. */
    public static final int IF_TYPE_OFFSET = 0;
    /** Instance GUID; sub-channels share their primary's. */
    public static final int IF_INSTANCE_OFFSET = IF_TYPE_OFFSET + Guid.LENGTH;
    /** Reserved (old headers: int_latency in 100 ns units); written 0. */
    public static final int RESERVED1_OFFSET = IF_INSTANCE_OFFSET + Guid.LENGTH;
    /** Reserved (old headers: if_revision and server_ctx_size); written 0. */
    public static final int RESERVED2_OFFSET = RESERVED1_OFFSET + Long.BYTES;
    /** Server flags ({@code VMBUS_CHANNEL_*}), see {@code ChannelFlags}. */
    public static final int CHN_FLAGS_OFFSET = RESERVED2_OFFSET + Long.BYTES;
    /** MMIO space the device needs, in MiB. */
    public static final int MMIO_MEGABYTES_OFFSET = CHN_FLAGS_OFFSET + Short.BYTES;
    /** User-defined bytes ({@code u.std.user_def}), or {@code u.pipe} for pipe offers. */
    public static final int USER_DEFINED_OFFSET = MMIO_MEGABYTES_OFFSET + Short.BYTES;
    /** Sub-channel index: 0 for a primary channel. */
    public static final int SUB_CHANNEL_INDEX_OFFSET = USER_DEFINED_OFFSET + MAX_USER_DEFINED_BYTES;
    /** Reserved (OpenVMM: mmio_megabytes_optional); written 0. */
    public static final int RESERVED3_OFFSET = SUB_CHANNEL_INDEX_OFFSET + Short.BYTES;
    /** Size of the struct: 176. */
    public static final int LENGTH = RESERVED3_OFFSET + Short.BYTES;

    /** {@code u.pipe.pipe_mode} (u32), overlaying the first bytes of {@code user_def}. */
    public static final int PIPE_MODE_OFFSET = USER_DEFINED_OFFSET;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = fields(StructLayout.builder("vmbus_channel_offer",
            "the device part of an offer: class and instance GUIDs, flags, user bytes, sub-channel index"), "", 0)
            .build(LENGTH);

    private ChannelOfferLayout() {
    }

    /**
     * Adds the offer's fields to a description, for structs that embed it.
     *
     * @param builder the description
     * @param prefix  prefix of every field name, e.g. {@code "offer."}
     * @param base    offset of the offer in the enclosing struct
     * @return the builder
     */
    static StructLayout.Builder fields(final StructLayout.Builder builder, final String prefix, final int base) {
        return builder.guid(prefix + "if_type", base + IF_TYPE_OFFSET, "device class GUID")
                .guid(prefix + "if_instance", base + IF_INSTANCE_OFFSET, "instance GUID")
                .u64(prefix + "reserved1", base + RESERVED1_OFFSET, "0 (old int_latency)")
                .u64(prefix + "reserved2", base + RESERVED2_OFFSET, "0 (old if_revision, server_ctx_size)")
                .u16(prefix + "chn_flags", base + CHN_FLAGS_OFFSET, "server flags; 0x2000 = hv_sock provider")
                .u16(prefix + "mmio_megabytes", base + MMIO_MEGABYTES_OFFSET, "MMIO space in MiB")
                .bytes(prefix + "u.std.user_def", base + USER_DEFINED_OFFSET, MAX_USER_DEFINED_BYTES,
                        "user bytes; pipe offers: u32 pipe_mode then 116 bytes")
                .u16(prefix + "sub_channel_index", base + SUB_CHANNEL_INDEX_OFFSET, "0 = primary channel")
                .u16(prefix + "reserved3", base + RESERVED3_OFFSET, "0");
    }
}

package org.vmbussim.core.packet;

import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.StructLayout;

/**
 * Layout of a GPA-direct packet's descriptor area: the packed {@code struct vmbus_packet_mpb_array}
 * (32 + 8n bytes) that Linux {@code vmbus_sendpacket_mpb_desc} sends (VMBUS-REFERENCE.md §2.3–§2.4).
 * Offsets are from the start of the packet: the {@code vmpacket_descriptor} fields, then
 * {@code reserved} and {@code rangecount}, then the first {@code gpa_range}. The device payload
 * starts at {@code dataoffset8 * 8}, right after the last range.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+-------------------------------+
 * |          type (9)             |          dataoffset8          |  0
 * +-------------------------------+-------------------------------+
 * |           length8             |          flags (1)            |  4
 * +-------------------------------+-------------------------------+
 * |                     transactionid (u64)                       |  8
 * |                                                               |
 * +---------------------------------------------------------------+
 * |          reserved (may hold garbage: write 0, ignore)         | 16
 * +---------------------------------------------------------------+
 * |                          rangecount                           | 20
 * +---------------------------------------------------------------+  -- gpa_range[0]
 * |                          range.len                            | 24
 * +---------------------------------------------------------------+
 * |                         range.offset                          | 28
 * +---------------------------------------------------------------+
 * |                    range.pfn_array[0..n) (u64)                | 32
 * |                              ...                              |
 * +---------------------------------------------------------------+  -- gpa_range[1..rangecount)
 * </pre>
 *
 * <p>Two descriptions share these offsets: {@link #STRUCT} ({@code vmbus_packet_mpb_array}, one
 * range whose PFN count follows from {@code dataoffset8}, {@code n = (dataoffset8 * 8 - 32) / 8}) and
 * {@link #HEADER_STRUCT} ({@code vmdata_gpa_direct}, the 24 bytes before the ranges, for packets of
 * several ranges, each then described as a {@code gpa_range}).
 */
public final class GpaDirectLayout {
    /** {@code type}, as in {@link PacketDescriptorLayout#TYPE_OFFSET}. */
    public static final int TYPE_OFFSET = PacketDescriptorLayout.TYPE_OFFSET;
    /** {@code dataoffset8}: end of the descriptor area and start of the payload, in 8-byte units. */
    public static final int DATA_OFFSET8_OFFSET = PacketDescriptorLayout.DATA_OFFSET8_OFFSET;
    /** {@code length8}: the packet length incl. padding, in 8-byte units. */
    public static final int LENGTH8_OFFSET = PacketDescriptorLayout.LENGTH8_OFFSET;
    /** {@code flags}. */
    public static final int FLAGS_OFFSET = PacketDescriptorLayout.FLAGS_OFFSET;
    /** {@code transactionid}. */
    public static final int TRANSACTION_ID_OFFSET = PacketDescriptorLayout.TRANSACTION_ID_OFFSET;
    /** Reserved; senders write 0, receivers ignore it (OpenVMM: "may have garbage non-zero values"). */
    public static final int RESERVED_OFFSET = PacketDescriptorLayout.LENGTH;
    /** Number of {@code gpa_range}s that follow (at least 1). */
    public static final int RANGE_COUNT_OFFSET = RESERVED_OFFSET + Integer.BYTES;
    /** The first {@code gpa_range}. */
    public static final int RANGES_OFFSET = RANGE_COUNT_OFFSET + Integer.BYTES;
    /** Length of the part before the ranges: 24 ({@code dataoffset8} must be at least 3). */
    public static final int HEADER_LENGTH = RANGES_OFFSET;
    /** {@code range.len} of the first range. */
    public static final int RANGE_BYTE_COUNT_OFFSET = RANGES_OFFSET + GpaRangeLayout.BYTE_COUNT_OFFSET;
    /** {@code range.offset} of the first range. */
    public static final int RANGE_BYTE_OFFSET_OFFSET = RANGES_OFFSET + GpaRangeLayout.BYTE_OFFSET_OFFSET;
    /** {@code range.pfn_array} of the first range. */
    public static final int RANGE_PFN_ARRAY_OFFSET = RANGES_OFFSET + GpaRangeLayout.PFN_ARRAY_OFFSET;
    /** Size of the fixed part of {@code vmbus_packet_mpb_array}: 32. */
    public static final int LENGTH = RANGE_PFN_ARRAY_OFFSET;

    /** {@code struct vmbus_packet_mpb_array}: the one-range descriptor area Linux builds. */
    public static final StructLayout STRUCT = head(StructLayout.builder("vmbus_packet_mpb_array",
                    "GPA-direct descriptor area with one range (packed; Linux vmbus_sendpacket_mpb_desc)"),
                    "number of ranges, 1 here")
            .u32("range.len", RANGE_BYTE_COUNT_OFFSET, "bytes in the range")
            .u32("range.offset", RANGE_BYTE_OFFSET_OFFSET, "offset into the first page")
            .u64Array("range.pfn_array", RANGE_PFN_ARRAY_OFFSET,
                    "4 KiB page numbers; n = (dataoffset8 * 8 - 32) / 8", GpaDirectLayout::pfnCountOf)
            .build(LENGTH);

    /** The 24 bytes before the ranges (Linux {@code struct vmdata_gpa_direct} without {@code range[]}). */
    public static final StructLayout HEADER_STRUCT = head(StructLayout.builder("vmdata_gpa_direct",
                    "GPA-direct packet head; rangecount gpa_range structs follow at offset 24"),
                    "number of gpa_range structs that follow (>= 1)")
            .build(HEADER_LENGTH);

    private GpaDirectLayout() {
    }

    /** The fields both descriptions share: everything before the first range. */
    private static StructLayout.Builder head(final StructLayout.Builder builder, final String rangeCountDoc) {
        return builder
                .u16("type", TYPE_OFFSET, "9 = VM_PKT_DATA_USING_GPA_DIRECT")
                .u16("dataoffset8", DATA_OFFSET8_OFFSET, "descriptor area size = payload offset, in 8-byte units")
                .u16("length8", LENGTH8_OFFSET, "packet length incl. padding, in 8-byte units")
                .u16("flags", FLAGS_OFFSET, "1 = COMPLETION_REQUESTED")
                .u64("transactionid", TRANSACTION_ID_OFFSET, "requestor id (0xfffffffffffffffe until the ring write)")
                .u32("reserved", RESERVED_OFFSET, "zero when sent; ignored when received")
                .u32("rangecount", RANGE_COUNT_OFFSET, rangeCountDoc);
    }

    private static int pfnCountOf(final FieldValues values) {
        // A negative count (dataoffset8 < 4) makes the decoder refuse the bytes.
        return (int) ((values.getLong("dataoffset8") * 8 - LENGTH) / Long.BYTES);
    }
}

package org.vmbussim.core.packet;

import org.vmbussim.wire.FieldValues;
import org.vmbussim.wire.StructLayout;

/**
 * Layout of {@code struct gpa_range} (Linux also {@code hv_mpb_array}, OpenVMM {@code GpaRange}): 8
 * bytes of header and a variable list of 4 KiB page numbers (VMBUS-REFERENCE.md §2.3). The PFN count
 * is not on the wire: it is {@code ceil((byte_offset + byte_count) / 4096)}, see
 * {@link GpaRange#pfnCount(long, long)}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                     byte_count (Linux len)                    |  0
 * +---------------------------------------------------------------+
 * |       byte_offset (Linux offset; into the first page)         |  4
 * +---------------------------------------------------------------+
 * |                     pfn_array[0] (u64)                        |  8
 * |                              ...                              |
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class GpaRangeLayout {
    /** Bytes the range describes (non-zero). */
    public static final int BYTE_COUNT_OFFSET = 0;
    /** Offset of the first byte in the first page (at most 0xfff). */
    public static final int BYTE_OFFSET_OFFSET = BYTE_COUNT_OFFSET + Integer.BYTES;
    /** First page number of the list. */
    public static final int PFN_ARRAY_OFFSET = BYTE_OFFSET_OFFSET + Integer.BYTES;
    /** Size of the fixed part: 8. */
    public static final int LENGTH = PFN_ARRAY_OFFSET;

    /** The struct's description, for golden vectors, the dissector and the docs. */
    public static final StructLayout STRUCT = StructLayout.builder("gpa_range",
                    "one page-spanning range of guest memory in a GPA-direct packet (= Linux hv_mpb_array)")
            .u32("byte_count", BYTE_COUNT_OFFSET, "bytes in the range (> 0)")
            .u32("byte_offset", BYTE_OFFSET_OFFSET, "offset into the first page (<= 0xfff)")
            .u64Array("pfn_array", PFN_ARRAY_OFFSET,
                    "4 KiB page numbers; count = ceil((byte_offset + byte_count) / 4096)",
                    GpaRangeLayout::pfnCountOf)
            .build(LENGTH);

    private GpaRangeLayout() {
    }

    private static int pfnCountOf(final FieldValues values) {
        final long count = GpaRange.pfnCount(values.getLong("byte_offset"), values.getLong("byte_count"));
        return (int) Math.min(count, Integer.MAX_VALUE);
    }
}

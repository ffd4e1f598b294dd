package org.vmbussim.cli.layout;

import java.util.List;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.StructLayout;

/**
 * Structs that only the CLI's tests see (registered in src/test/resources/META-INF/services): the
 * shapes no production struct has yet — a counted PFN list, a raw tail and a long reserved area — so the
 * dissector's handling of them is tested before the modules that need them land.
 */
public final class CliTestLayouts implements LayoutCatalog {
    /** A counted u64 array: {@code u32 pfn_count; u32 reserved; u64 pfn_array[pfn_count]}. */
    static final StructLayout PFN_LIST = StructLayout.builder("cli_test_pfn_list", "test: a counted PFN list")
            .u32("pfn_count", 0, "number of PFNs that follow")
            .u32("reserved", 4, "zero")
            .u64Array("pfn_array", 8, "the PFNs", v -> (int) Math.min(v.getLong("pfn_count"), Integer.MAX_VALUE))
            .build(8);

    /** Every other kind and a raw tail: {@code u8 kind; u8 flags; u16 length; guid id; u8 pad[64]; u8 data[]}. */
    static final StructLayout TAIL = StructLayout.builder("cli_test_tail", "test: every kind, a long pad, a raw tail")
            .u8("kind", 0, "a u8")
            .u8("flags", 1, "another u8")
            .u16("length", 2, "a u16")
            .guid("id", 4, "a GUID")
            .u64("cookie", 20, "a u64")
            .bytes("pad", 28, 64, "a long fixed byte field")
            .bytesTail("data", 92, "the bytes to the end")
            .build(92);

    @Override
    public String title() {
        return "vmbus-sim CLI tests";
    }

    @Override
    public List<StructLayout> layouts() {
        return List.of(PFN_LIST, TAIL);
    }
}

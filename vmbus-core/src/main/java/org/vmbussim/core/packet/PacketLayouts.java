package org.vmbussim.core.packet;

import java.util.List;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.StructLayout;

/** The packet structs of vmbus-core, for the {@link org.vmbussim.wire.LayoutRegistry}. */
public final class PacketLayouts implements LayoutCatalog {

    /** Creates the catalog (the {@link java.util.ServiceLoader} calls this). */
    public PacketLayouts() {
    }

    @Override
    public String title() {
        return "vmbus-core: packets";
    }

    @Override
    public List<StructLayout> layouts() {
        return List.of(PacketDescriptorLayout.STRUCT, GpaRangeLayout.STRUCT, GpaDirectLayout.STRUCT,
                GpaDirectLayout.HEADER_STRUCT, PacketPaddingLayout.STRUCT);
    }
}

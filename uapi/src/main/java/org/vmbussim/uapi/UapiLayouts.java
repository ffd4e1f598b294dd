package org.vmbussim.uapi;

import java.util.List;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.StructLayout;

/** The uapi module's wire structs, for the {@link org.vmbussim.wire.LayoutRegistry}. */
public final class UapiLayouts implements LayoutCatalog {
    /** Linux {@code guid_t}: 16 bytes in mixed-endian wire order (see {@link Guid}). */
    public static final StructLayout GUID_T = StructLayout.builder("guid_t",
                    "a GUID as Linux stores it (GUID_INIT order: u32, u16, u16 little-endian, then 8 bytes)")
            .guid("b", 0, "the 16 bytes")
            .build(Guid.LENGTH);

    @Override
    public String title() {
        return "uapi: include/uapi/misc/hv_azure_blob.h";
    }

    @Override
    public List<StructLayout> layouts() {
        return List.of(GUID_T, AzBlobRequestSyncLayout.STRUCT);
    }
}

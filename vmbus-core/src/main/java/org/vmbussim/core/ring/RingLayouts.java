package org.vmbussim.core.ring;

import java.util.List;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.StructLayout;

/** The ring buffer's wire structs, for the {@link org.vmbussim.wire.LayoutRegistry}. */
public final class RingLayouts implements LayoutCatalog {

    @Override
    public String title() {
        return "vmbus-core: ring buffer";
    }

    @Override
    public List<StructLayout> layouts() {
        return List.of(RingControlLayout.STRUCT);
    }
}

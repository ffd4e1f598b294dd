package org.vmbussim.wire;

import java.util.List;

/**
 * A module's list of wire structs, found with {@link java.util.ServiceLoader} (each module registers
 * its catalog in {@code META-INF/services/org.vmbussim.wire.LayoutCatalog}). The golden-vector
 * harness, the CLI dissector and the wire-formats document read every catalog on the class path.
 */
public interface LayoutCatalog {

    /**
     * A short name for the catalog's group of structs, used as a heading in docs/wire-formats.md.
     *
     * @return e.g. {@code "uapi (include/uapi/misc/hv_azure_blob.h)"}
     */
    String title();

    /**
     * The structs, in the order the documentation should list them.
     *
     * @return the layouts
     */
    List<StructLayout> layouts();
}

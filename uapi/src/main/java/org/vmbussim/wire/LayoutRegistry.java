package org.vmbussim.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * All wire structs of the catalogs on the class path, by C name. An instance, not a static
 * singleton: build one where it is needed.
 */
public final class LayoutRegistry {
    private final List<LayoutCatalog> catalogs;
    private final Map<String, StructLayout> byName = new LinkedHashMap<>();

    /**
     * Builds a registry from explicit catalogs.
     *
     * @param catalogs the catalogs
     * @throws IllegalStateException when two structs share a name
     */
    public LayoutRegistry(final List<LayoutCatalog> catalogs) {
        final List<LayoutCatalog> sorted = new ArrayList<>(catalogs);
        sorted.sort(Comparator.comparing(LayoutCatalog::title));
        this.catalogs = Collections.unmodifiableList(sorted);
        for (final LayoutCatalog c : sorted) {
            for (final StructLayout l : c.layouts()) {
                if (byName.put(l.name(), l) != null) {
                    throw new IllegalStateException("two wire structs named " + l.name());
                }
            }
        }
    }

    /**
     * Builds a registry from every {@link LayoutCatalog} the class loader can find.
     *
     * @return the registry
     */
    public static LayoutRegistry discover() {
        final List<LayoutCatalog> found = new ArrayList<>();
        ServiceLoader.load(LayoutCatalog.class, LayoutRegistry.class.getClassLoader()).forEach(found::add);
        return new LayoutRegistry(found);
    }

    /**
     * The catalogs, sorted by title.
     *
     * @return the catalogs
     */
    public List<LayoutCatalog> catalogs() {
        return catalogs;
    }

    /**
     * Every struct, by C name.
     *
     * @return an unmodifiable map in catalog order
     */
    public Map<String, StructLayout> layouts() {
        return Collections.unmodifiableMap(byName);
    }

    /**
     * A struct by C name.
     *
     * @param cName the name
     * @return the layout
     * @throws IllegalArgumentException naming the structs there are
     */
    public StructLayout get(final String cName) {
        final StructLayout l = byName.get(cName);
        if (l == null) {
            throw new IllegalArgumentException("unknown struct \"" + cName + "\" (known: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        return l;
    }
}

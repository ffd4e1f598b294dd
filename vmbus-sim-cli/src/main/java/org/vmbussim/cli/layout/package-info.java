/**
 * {@code vmbus-sim layout}: a dissector for every wire struct on the class path, by C name. The
 * structs come from {@link org.vmbussim.wire.LayoutRegistry#discover()}, so a module's new struct
 * appears here once its {@link org.vmbussim.wire.LayoutCatalog} lists it; values are parsed and
 * formatted by {@link org.vmbussim.wire.FieldKind}, the same text forms the golden vectors use.
 */
package org.vmbussim.cli.layout;

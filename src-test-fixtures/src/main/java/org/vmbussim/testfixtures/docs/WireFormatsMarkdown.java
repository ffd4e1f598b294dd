package org.vmbussim.testfixtures.docs;

import org.vmbussim.wire.Field;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.LayoutRegistry;
import org.vmbussim.wire.StructLayout;

/**
 * Renders docs/wire-formats.md from the {@link StructLayout}s of every catalog: one table per struct
 * with each field's offset, size, kind and meaning. The committed file is checked against this
 * rendering by a test, so the document cannot drift from the code.
 */
public final class WireFormatsMarkdown {
    /** Where the document lives, relative to the repository root. */
    public static final String PATH = "docs/wire-formats.md";

    private WireFormatsMarkdown() {
    }

    /**
     * Renders the document.
     *
     * @param registry the structs to list
     * @return the Markdown text
     */
    public static String render(final LayoutRegistry registry) {
        final StringBuilder sb = new StringBuilder();
        sb.append("# Wire formats\n\n");
        sb.append("<!-- Generated from the *Layout classes by WireFormatsMarkdown; do not edit by hand.\n");
        sb.append("     Regenerate: mvn -B install -DskipTests && mvn -B -pl src-test-fixtures test"
                + " -Dvmbussim.updateDocs=true -->\n\n");
        sb.append("Every struct below is little-endian and packed unless a padding field is listed. GUIDs use the\n");
        sb.append("mixed-endian wire form (first u32 and two u16 little-endian, last 8 bytes as-is). A size of\n");
        sb.append("`n` marks the variable-length last field.\n\n");
        for (final LayoutCatalog catalog : registry.catalogs()) {
            sb.append("## ").append(catalog.title()).append("\n\n");
            for (final StructLayout l : catalog.layouts()) {
                sb.append("### `").append(l.name()).append("` (").append(l.fixedLength())
                        .append(l.isVariableLength() ? " + n" : "").append(" bytes)\n\n");
                sb.append(l.doc()).append("\n\n");
                sb.append("| offset | size | field | kind | meaning |\n");
                sb.append("|---:|---:|---|---|---|\n");
                for (final Field f : l.fields()) {
                    sb.append("| ").append(f.offset()).append(" | ").append(f.isVariable() ? "n" : f.size())
                            .append(" | `").append(f.name()).append("` | ").append(f.kind().name().toLowerCase())
                            .append(" | ").append(f.doc().replace("|", "\\|")).append(" |\n");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}

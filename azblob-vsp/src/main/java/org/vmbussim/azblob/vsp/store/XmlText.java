package org.vmbussim.azblob.vsp.store;

/** Escapes text for XML element content and attribute values. */
final class XmlText {
    private XmlText() {
    }

    static StringBuilder append(final StringBuilder sb, final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb;
    }

    /** Appends an element holding the text, or an empty element when the text is null or empty. */
    static StringBuilder element(final StringBuilder sb, final String name, final String text) {
        if (text == null || text.isEmpty()) {
            return sb.append('<').append(name).append("/>");
        }
        sb.append('<').append(name).append('>');
        append(sb, text);
        return sb.append("</").append(name).append('>');
    }
}

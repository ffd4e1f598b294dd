package org.vmbussim.azblob.client;

import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML bodies the client reads: List Blobs answers and error answers. The bytes come from the host, so
 * the parser refuses DTDs and external entities; a body that does not parse is a protocol error.
 */
final class BlobXml {
    /** Configured once, never changed afterwards; creating readers from it is thread-safe. */
    private static final XMLInputFactory FACTORY = newFactory();

    private BlobXml() {
    }

    /** A body that is not the XML the operation answers with. */
    static final class MalformedXmlException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedXmlException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private static XMLInputFactory newFactory() {
        final XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        return f;
    }

    /**
     * The {@code Message} of an error body, without the request id and time lines the service appends.
     *
     * @param body the body bytes
     * @return the message, or null when the body is not an error document
     */
    static String errorMessage(final byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            final XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT && "Message".equals(r.getLocalName())) {
                        return r.getElementText().strip();
                    }
                }
                return null;
            } finally {
                r.close();
            }
        } catch (final XMLStreamException e) {
            return null;
        }
    }

    /**
     * Parses a List Blobs answer ({@code EnumerationResults}).
     *
     * @param body the body bytes
     * @return the page
     * @throws MalformedXmlException when it is not a List Blobs answer
     */
    static BlobListPage listBlobs(final byte[] body) throws MalformedXmlException {
        try {
            final XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                return readEnumeration(r);
            } finally {
                r.close();
            }
        } catch (final XMLStreamException | RuntimeException e) {
            throw new MalformedXmlException("List Blobs answer does not parse: " + e.getMessage(), e);
        }
    }

    private static BlobListPage readEnumeration(final XMLStreamReader r) throws XMLStreamException {
        r.nextTag();
        r.require(XMLStreamConstants.START_ELEMENT, null, "EnumerationResults");
        final List<BlobItem> items = new ArrayList<>();
        String nextMarker = null;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "Blobs":
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        if ("Blob".equals(r.getLocalName())) {
                            items.add(readBlob(r));
                        } else if ("BlobPrefix".equals(r.getLocalName())) {
                            items.add(new BlobItem(readChildText(r, "Name"), true, null, Map.of()));
                        } else {
                            skip(r);
                        }
                    }
                    break;
                case "NextMarker":
                    nextMarker = r.getElementText();
                    break;
                default:
                    skip(r);
                    break;
            }
        }
        return new BlobListPage(items, nextMarker);
    }

    private static BlobItem readBlob(final XMLStreamReader r) throws XMLStreamException {
        String name = null;
        Map<String, String> props = Map.of();
        final Map<String, String> metadata = new LinkedHashMap<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "Name":
                    name = r.getElementText();
                    break;
                case "Properties":
                    props = readTextChildren(r);
                    break;
                case "Metadata":
                    metadata.putAll(readTextChildren(r));
                    break;
                default:
                    skip(r);
                    break;
            }
        }
        if (name == null) {
            throw new XMLStreamException("Blob without Name");
        }
        final String length = props.get("Content-Length");
        final BlobItemProperties properties = new BlobItemProperties(length == null ? 0 : Long.parseLong(length),
                props.get("Content-Type"), props.get("Etag"), httpDate(props.get("Last-Modified")),
                props.get("BlobType"));
        return new BlobItem(name, false, properties, metadata);
    }

    /** Reads the text of the one child named {@code child} of the current element, skipping others. */
    private static String readChildText(final XMLStreamReader r, final String child) throws XMLStreamException {
        String text = null;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (child.equals(r.getLocalName())) {
                text = r.getElementText();
            } else {
                skip(r);
            }
        }
        if (text == null) {
            throw new XMLStreamException("element without " + child);
        }
        return text;
    }

    /** Reads the simple text-only children of the current element, by name. */
    private static Map<String, String> readTextChildren(final XMLStreamReader r) throws XMLStreamException {
        final Map<String, String> values = new LinkedHashMap<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            final String name = r.getLocalName();
            final String text = textOrSkip(r);
            if (text != null) {
                values.put(name, text);
            }
        }
        return values;
    }

    /** The text of the current element, or null (the element skipped) when it has child elements. */
    private static String textOrSkip(final XMLStreamReader r) throws XMLStreamException {
        final StringBuilder text = new StringBuilder();
        while (true) {
            final int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return text.toString();
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                skip(r);
                skip(r);
                return null;
            }
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            }
        }
    }

    private static void skip(final XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            final int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /**
     * Parses an RFC 1123 date as the service writes it.
     *
     * @param text the date, or null
     * @return the time, or null when absent or unparseable
     */
    static OffsetDateTime httpDate(final String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }
}

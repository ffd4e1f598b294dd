package org.vmbussim.azblob.client;

import java.io.ByteArrayInputStream;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
        final String trimmed = text.trim();
        final OffsetDateTime fast = canonicalHttpDate(trimmed);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    private static final String HTTP_DAYS = "MonTueWedThuFriSatSun";
    private static final String HTTP_MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /**
     * The exact form the service (and our host) writes, {@code Tue, 24 Nov 2026 20:00:00 GMT}, read by hand: the
     * JDK's RFC 1123 formatter costs kilobytes of parse state per call, on every PUT's Last-Modified. Anything
     * else (another form, a day-of-week that does not match the date, an invalid date) answers null, so the
     * caller falls back to the formatter and gets exactly its answer.
     */
    static OffsetDateTime canonicalHttpDate(final String text) {
        if (text.length() != 29 || text.charAt(3) != ',' || text.charAt(4) != ' ' || text.charAt(7) != ' '
                || text.charAt(11) != ' ' || text.charAt(16) != ' ' || text.charAt(19) != ':'
                || text.charAt(22) != ':' || !text.endsWith(" GMT")) {
            return null;
        }
        final int dayOfWeek = nameIndex(HTTP_DAYS, text, 0);
        final int month = nameIndex(HTTP_MONTHS, text, 8);
        final int day = digits(text, 5, 2);
        final int year = digits(text, 12, 4);
        final int hour = digits(text, 17, 2);
        final int minute = digits(text, 20, 2);
        final int second = digits(text, 23, 2);
        if (dayOfWeek < 0 || month < 0 || (day | year | hour | minute | second) < 0 || day < 1 || hour > 23
                || minute > 59 || second > 59) {
            return null;
        }
        final OffsetDateTime t;
        try {
            t = OffsetDateTime.of(year, month + 1, day, hour, minute, second, 0, ZoneOffset.UTC);
        } catch (final DateTimeException e) {
            return null; // e.g. 30 Feb: the formatter's smart resolver decides
        }
        return t.getDayOfWeek().getValue() == dayOfWeek + 1 ? t : null;
    }

    /** Which three-letter name of a table (names back to back) the text holds at {@code at}, or -1. */
    private static int nameIndex(final String table, final String text, final int at) {
        for (int i = 0; i * 3 < table.length(); i++) {
            if (text.regionMatches(at, table, i * 3, 3)) {
                return i;
            }
        }
        return -1;
    }

    /** The decimal number in {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(final String text, final int from, final int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

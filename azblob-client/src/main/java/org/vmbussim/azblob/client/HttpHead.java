package org.vmbussim.azblob.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * The client side of the fast path's HTTP/1.1 head format (docs/fastpath-protocol.md): encodes request heads
 * and parses response heads. The parser reads bytes written by the host, which the guest does not trust:
 * CRLF line endings only, no obsolete line folding, a bounded field count, and the head must end exactly
 * where the host said it does.
 */
final class HttpHead {
    /** Most header fields accepted in a response head. */
    static final int MAX_RESPONSE_FIELDS = 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] STATUS_PREFIX_11 = "HTTP/1.1 ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] STATUS_PREFIX_10 = "HTTP/1.0 ".getBytes(StandardCharsets.ISO_8859_1);
    /**
     * Field names the host usually sends, spelled as it sends them: a name matching one byte for byte is
     * this constant rather than a new string per response.
     */
    static final List<String> KNOWN_NAMES = List.of("Content-Length", "Content-Type", "Content-MD5",
            "Content-Range", "Content-Encoding", "Content-Language", "Content-Disposition", "Cache-Control",
            "Last-Modified", "ETag", "Date", "Server", "Accept-Ranges", "x-ms-request-id", "x-ms-version",
            "x-ms-client-request-id", "x-ms-blob-type", "x-ms-creation-time", "x-ms-lease-state",
            "x-ms-lease-status", "x-ms-server-encrypted", "x-ms-request-server-encrypted", "x-ms-error-code",
            "x-ms-blob-content-md5", "x-ms-content-crc64", "x-ms-access-tier", "x-ms-access-tier-inferred",
            "x-ms-is-current-version", "x-ms-has-legal-hold", "x-ms-has-immutability-policy");
    /** The index of {@code x-ms-client-request-id} in {@link #KNOWN_NAMES}. */
    static final int CLIENT_REQUEST_ID = KNOWN_NAMES.indexOf("x-ms-client-request-id");
    private static final byte[][] KNOWN_NAME_BYTES = KNOWN_NAMES.stream()
            .map(n -> n.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);

    private HttpHead() {
    }

    /** A parsed response head: the status line and the fields. */
    record Parsed(int status, String reason, HttpFields headers) {
    }

    /** The host wrote a response head that is not HTTP/1.x. */
    static final class MalformedHeadException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedHeadException(final String message) {
            super(message);
        }
    }

    /**
     * Encodes a request head: request line, fields, empty line. The body is framed by {@code data_valid},
     * so a {@code Content-Length} field must agree with it and {@code Transfer-Encoding} is refused.
     *
     * @param request the request
     * @return the Latin-1 head bytes
     * @throws IllegalArgumentException when the fields contradict the body framing
     */
    static byte[] encodeRequest(final FastPathRequest request) {
        final HeadBuffer out = new HeadBuffer(256);
        encodeRequest(request, out);
        return Arrays.copyOf(out.array(), out.length());
    }

    /**
     * Encodes a request head into a reused buffer (cleared first); see {@link #encodeRequest(FastPathRequest)}.
     *
     * @param request the request
     * @param out     the buffer
     * @throws IllegalArgumentException when the fields contradict the body framing
     */
    static void encodeRequest(final FastPathRequest request, final HeadBuffer out) {
        final HttpFields fields = request.headers();
        final int size = fields.size();
        for (int i = 0; i < size; i++) {
            final String name = fields.name(i);
            if (name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new IllegalArgumentException(
                        "Transfer-Encoding cannot be carried: the body is framed by data_valid");
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                final String length = fields.value(i);
                if (!isDecimal(length.trim(), request.bodyLength())) {
                    throw new IllegalArgumentException("Content-Length: " + length + " but the body has "
                            + request.bodyLength() + " bytes");
                }
            }
        }
        out.clear().append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        for (int i = 0; i < size; i++) {
            out.append(fields.name(i)).append(": ").append(fields.value(i)).append("\r\n");
        }
        out.append("\r\n");
    }

    /** Whether text is exactly the decimal form of value ({@code Integer.toString(value).equals(text)}). */
    private static boolean isDecimal(final String text, final int value) {
        if (text.isEmpty() || text.length() > 10 || value < 0) {
            return false;
        }
        long parsed = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9' || (i == 0 && c == '0' && text.length() > 1)) {
                return false;
            }
            parsed = parsed * 10 + (c - '0');
        }
        return parsed == value;
    }

    /**
     * Parses a response head of exactly {@code length} bytes with strings of its own; see
     * {@link #parseResponse(byte[], int, HeadStrings)}.
     *
     * @param bytes  the buffer read from the response buffer
     * @param length the head length the host reported ({@code response_len})
     * @return the status line and fields
     * @throws MalformedHeadException when the bytes are not one complete HTTP/1.x response head
     */
    static Parsed parseResponse(final byte[] bytes, final int length) throws MalformedHeadException {
        return parseResponse(bytes, length, new HeadStrings());
    }

    /**
     * Parses a response head of exactly {@code length} bytes, in place: the only strings made are the names that
     * are not among the usual ones ({@link #KNOWN_NAMES}), their values, and the reason phrase and values of
     * usual names that differ from the last head parsed with the same {@code strings}.
     *
     * @param bytes   the buffer read from the response buffer
     * @param length  the head length the host reported ({@code response_len})
     * @param strings the strings of the heads parsed before in the same buffer set
     * @return the status line and fields
     * @throws MalformedHeadException when the bytes are not one complete HTTP/1.x response head
     */
    static Parsed parseResponse(final byte[] bytes, final int length, final HeadStrings strings)
            throws MalformedHeadException {
        if (length < 0 || length > bytes.length) {
            throw new MalformedHeadException("head length " + length + " outside the " + bytes.length + "-byte buffer");
        }
        int lineStart = 0;
        int lineEnd = lineEnd(bytes, lineStart, length);
        final int status = parseStatus(bytes, lineEnd);
        final String reason = lineEnd > 12 ? strings.reason(bytes, 13, lineEnd) : "";
        // One array of the right size: a field per line after the status line, up to the empty line.
        final HttpFields.Builder fields = HttpFields.builder(fieldLinesAtMost(bytes, lineEnd + 2, length));
        int count = 0;
        lineStart = lineEnd + 2;
        while (true) {
            lineEnd = lineEnd(bytes, lineStart, length);
            if (lineEnd == lineStart) {
                break;
            }
            if (++count > MAX_RESPONSE_FIELDS) {
                throw new MalformedHeadException("more than " + MAX_RESPONSE_FIELDS + " header fields");
            }
            addField(fields, strings, bytes, lineStart, lineEnd);
            lineStart = lineEnd + 2;
        }
        if (lineEnd + 2 != length) {
            throw new MalformedHeadException("head ends at byte " + (lineEnd + 2) + " but response_len=" + length);
        }
        return new Parsed(status, reason, fields.build());
    }

    /**
     * An upper bound of the field lines in {@code bytes[from, length)}: its LF bytes but the empty line's, capped
     * just above {@link #MAX_RESPONSE_FIELDS} (a longer head is refused while parsing). Exact for a well-formed head.
     */
    private static int fieldLinesAtMost(final byte[] bytes, final int from, final int length) {
        int lines = 0;
        for (int i = from; i < length && lines <= MAX_RESPONSE_FIELDS; i++) {
            if (bytes[i] == LF) {
                lines++;
            }
        }
        return Math.max(0, lines - 1);
    }

    /** Index of the CR of the CRLF ending the line that starts at {@code from}; bare CR or LF is refused. */
    private static int lineEnd(final byte[] bytes, final int from, final int length) throws MalformedHeadException {
        for (int i = from; i < length; i++) {
            if (bytes[i] == LF) {
                throw new MalformedHeadException("bare LF at byte " + i);
            }
            if (bytes[i] == CR) {
                if (i + 1 >= length || bytes[i + 1] != LF) {
                    throw new MalformedHeadException("CR not followed by LF at byte " + i);
                }
                return i;
            }
        }
        throw new MalformedHeadException("head is not terminated by an empty line within " + length + " bytes");
    }

    /** The status code of the status line {@code bytes[0, end)}. */
    private static int parseStatus(final byte[] bytes, final int end) throws MalformedHeadException {
        if (end < 12 || !startsWith(bytes, end, STATUS_PREFIX_11) && !startsWith(bytes, end, STATUS_PREFIX_10)
                || (end > 12 && bytes[12] != ' ')) {
            throw new MalformedHeadException("bad status line \"" + abbreviate(bytes, 0, end) + "\"");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            final int c = bytes[i];
            if (c < '0' || c > '9') {
                throw new MalformedHeadException("bad status code in \"" + abbreviate(bytes, 0, end) + "\"");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100 || status > 599) {
            throw new MalformedHeadException("status " + status + " outside 100..599");
        }
        return status;
    }

    private static boolean startsWith(final byte[] bytes, final int end, final byte[] prefix) {
        if (end < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Adds the field on the line {@code bytes[from, to)}: name, colon, value with surrounding white space. */
    private static void addField(final HttpFields.Builder fields, final HeadStrings strings, final byte[] bytes,
            final int from, final int to) throws MalformedHeadException {
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (bytes[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= from) {
            throw new MalformedHeadException("bad header line \"" + abbreviate(bytes, from, to) + "\"");
        }
        // The value without leading and trailing white space, as String.strip() would leave it.
        int valueStart = colon + 1;
        int valueEnd = to;
        while (valueStart < valueEnd && Character.isWhitespace((char) (bytes[valueStart] & 0xff))) {
            valueStart++;
        }
        while (valueEnd > valueStart && Character.isWhitespace((char) (bytes[valueEnd - 1] & 0xff))) {
            valueEnd--;
        }
        final int known = knownName(bytes, from, colon);
        final String name = known >= 0 ? KNOWN_NAMES.get(known) : latin1(bytes, from, colon);
        final String value = known >= 0 ? strings.value(known, bytes, valueStart, valueEnd)
                : latin1(bytes, valueStart, valueEnd);
        try {
            // The builder checks the name is a token and the value a field value.
            fields.add(name, value);
        } catch (final IllegalArgumentException e) {
            throw new MalformedHeadException("bad header field \"" + abbreviate(bytes, from, to) + "\"");
        }
    }

    /** The index in {@link #KNOWN_NAMES} of a field name spelled exactly as one of them, or -1. */
    private static int knownName(final byte[] bytes, final int from, final int to) {
        final int n = to - from;
        for (int i = 0; i < KNOWN_NAME_BYTES.length; i++) {
            final byte[] known = KNOWN_NAME_BYTES[i];
            if (known.length == n && Arrays.equals(known, 0, n, bytes, from, to)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The body length a head declares.
     *
     * @param headers the fields
     * @return the Content-Length, or -1 when absent
     * @throws MalformedHeadException when a value is not a number or several values disagree
     */
    static long contentLength(final HttpFields headers) throws MalformedHeadException {
        long length = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equalsIgnoreCase("Content-Length")) {
                continue;
            }
            final String v = headers.value(i);
            final long parsed;
            try {
                parsed = Long.parseLong(v.trim());
            } catch (final NumberFormatException e) {
                throw new MalformedHeadException("Content-Length: " + abbreviate(v));
            }
            if (parsed < 0 || (length >= 0 && parsed != length)) {
                throw new MalformedHeadException("Content-Length values " + headers.all("Content-Length"));
            }
            length = parsed;
        }
        return length;
    }

    private static String latin1(final byte[] bytes, final int from, final int to) {
        return HeadStrings.latin1(bytes, from, to);
    }

    private static String abbreviate(final byte[] bytes, final int from, final int to) {
        return abbreviate(latin1(bytes, from, to));
    }

    private static String abbreviate(final String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}

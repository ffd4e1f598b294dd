package org.vmbussim.azblob.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
        final HttpFields headers = request.headers();
        if (headers.contains("Transfer-Encoding")) {
            throw new IllegalArgumentException("Transfer-Encoding cannot be carried: the body is framed by data_valid");
        }
        for (final String length : headers.all("Content-Length")) {
            if (!length.trim().equals(Integer.toString(request.bodyLength()))) {
                throw new IllegalArgumentException("Content-Length: " + length + " but the body has "
                        + request.bodyLength() + " bytes");
            }
        }
        final StringBuilder sb = new StringBuilder(128 + 48 * headers.size());
        sb.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        for (final Map.Entry<String, String> e : headers.entries()) {
            sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses a response head of exactly {@code length} bytes.
     *
     * @param bytes  the buffer read from the response buffer
     * @param length the head length the host reported ({@code response_len})
     * @return the status line and fields
     * @throws MalformedHeadException when the bytes are not one complete HTTP/1.x response head
     */
    static Parsed parseResponse(final byte[] bytes, final int length) throws MalformedHeadException {
        if (length < 0 || length > bytes.length) {
            throw new MalformedHeadException("head length " + length + " outside the " + bytes.length + "-byte buffer");
        }
        int lineStart = 0;
        int lineEnd = lineEnd(bytes, lineStart, length);
        final String statusLine = latin1(bytes, lineStart, lineEnd);
        final int status = parseStatus(statusLine);
        final String reason = statusLine.length() > 12 ? statusLine.substring(13) : "";
        final HttpFields.Builder fields = HttpFields.builder();
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
            addField(fields, latin1(bytes, lineStart, lineEnd));
            lineStart = lineEnd + 2;
        }
        if (lineEnd + 2 != length) {
            throw new MalformedHeadException("head ends at byte " + (lineEnd + 2) + " but response_len=" + length);
        }
        return new Parsed(status, reason, fields.build());
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

    private static int parseStatus(final String line) throws MalformedHeadException {
        if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 ")) || line.length() < 12
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new MalformedHeadException("bad status line \"" + abbreviate(line) + "\"");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            final char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedHeadException("bad status code in \"" + abbreviate(line) + "\"");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100 || status > 599) {
            throw new MalformedHeadException("status " + status + " outside 100..599");
        }
        return status;
    }

    private static void addField(final HttpFields.Builder fields, final String line) throws MalformedHeadException {
        final int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new MalformedHeadException("bad header line \"" + abbreviate(line) + "\"");
        }
        final String name = line.substring(0, colon);
        final String value = line.substring(colon + 1).strip();
        if (!HttpFields.isToken(name) || !HttpFields.isFieldValue(value)) {
            throw new MalformedHeadException("bad header field \"" + abbreviate(line) + "\"");
        }
        fields.add(name, value);
    }

    /**
     * The body length a head declares.
     *
     * @param headers the fields
     * @return the Content-Length, or -1 when absent
     * @throws MalformedHeadException when a value is not a number or several values disagree
     */
    static long contentLength(final HttpFields headers) throws MalformedHeadException {
        final List<String> values = headers.all("Content-Length");
        long length = -1;
        for (final String v : values) {
            final long parsed;
            try {
                parsed = Long.parseLong(v.trim());
            } catch (final NumberFormatException e) {
                throw new MalformedHeadException("Content-Length: " + abbreviate(v));
            }
            if (parsed < 0 || (length >= 0 && parsed != length)) {
                throw new MalformedHeadException("Content-Length values " + values);
            }
            length = parsed;
        }
        return length;
    }

    private static String latin1(final byte[] bytes, final int from, final int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(final String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}

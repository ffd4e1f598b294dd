package org.vmbussim.azblob.vsp.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;

/**
 * A strict HTTP/1.1 request head parser over bytes (RFC 9112 §3 and §5): the request line
 * {@code method SP request-target SP HTTP-version CRLF}, then {@code field-name ":" OWS field-value OWS CRLF}
 * lines, ending with the empty line. Lines end with CRLF only; a bare CR or LF, a space or tab starting a
 * line (obs-fold), a space before the colon, a name that is not a token, a control character in a value or
 * target, a Content-Length that is not a decimal number or occurs twice, are all refused as
 * {@link HttpHeadException.Kind#MALFORMED}. No copy of the head is made: the only allocations are the
 * strings the {@link BlobRequest} holds (well-known names, methods and values are shared constants).
 *
 * <p>With a channel's {@link RepeatedValues}, the request target and the values of a few fields a guest repeats
 * ({@link #REMEMBERED_NAMES}) are the strings of its earlier heads when their bytes are the same.
 *
 * <p>One parser per head: it keeps the cursor and what it has seen, so it is not thread-safe; it is cheap.
 */
final class RequestHeadParser {
    /**
     * Methods, field names and field values the fast-path client sends on every request, as shared strings
     * (spelling kept exactly; a match is byte for byte, so the string is the one a copy would have made).
     */
    private static final String[] KNOWN = {"GET", "PUT", "HEAD", "DELETE", "POST", "Host", "Content-Length",
        "Authorization", "x-ms-date", "x-ms-version", "x-ms-blob-type", "x-ms-range", "Range", "Content-Type",
        "x-ms-client-request-id", "Content-MD5", "If-Match", "If-None-Match", "User-Agent", "Accept",
        "Connection", "Date", "0", "BlockBlob", AzBlobProtocol.BLOB_SERVICE_VERSION};
    private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];
    /**
     * Fields (lower-case names) whose values a guest repeats from request to request, remembered per channel:
     * the same host, the date of the current second, the same sizes and types, the same range when a guest reads
     * a blob (or the same part of one) again. Not the Authorization value or the client request id, which differ
     * on every request.
     */
    private static final String[] REMEMBERED_NAMES = {"host", "x-ms-date", "date", "content-length", "content-type",
        "user-agent", "x-ms-range", "range"};
    /** The {@link RepeatedValues} slot of the request target; the slot of field {@code i} is {@code 1 + i}. */
    private static final int TARGET_SLOT = 0;
    /** Slots a {@link RepeatedValues} for request heads has. */
    static final int REMEMBERED_SLOTS = 1 + REMEMBERED_NAMES.length;
    /** RFC 9110 tchar: a token's characters, by byte value. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_BYTES[i] = KNOWN[i].getBytes(StandardCharsets.US_ASCII);
        }
        for (int c = 0x21; c < 0x7f; c++) {
            TCHAR[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }

    private final byte[] bytes;
    private final int end;
    private final HttpHeadLimits limits;
    /** The channel's memo of repeated values, or null. */
    private final RepeatedValues remembered;
    private int cursor;

    /**
     * A parser over one head.
     *
     * @param bytes  the array holding the head
     * @param start  index of its first byte
     * @param length bytes of the head, the terminating CRLF CRLF included (the caller has found it)
     * @param limits the bounds
     * @param remembered the channel's memo of repeated values, or null for none
     */
    RequestHeadParser(final byte[] bytes, final int start, final int length, final HttpHeadLimits limits,
            final RepeatedValues remembered) {
        this.bytes = bytes;
        this.cursor = start;
        this.end = start + length;
        this.limits = limits;
        this.remembered = remembered;
    }

    /**
     * Parses the head and joins it with its body.
     *
     * @param body the body (may be null for none)
     * @param bodyOwned whether the request takes over the array behind {@code body} ({@link BlobRequest#owning})
     * @return the request
     * @throws HttpHeadException when the head is refused
     */
    BlobRequest parse(final ByteBuffer body, final boolean bodyOwned) throws HttpHeadException {
        final int lineEnd = nextLineEnd();
        if (lineEnd == cursor) {
            throw malformed("empty request line");
        }
        final int sp1 = indexOf((byte) ' ', cursor, lineEnd);
        final int sp2 = sp1 < 0 ? -1 : indexOf((byte) ' ', sp1 + 1, lineEnd);
        if (sp2 < 0) {
            throw malformed("request line is not: method SP request-target SP HTTP-version");
        }
        if (!isToken(cursor, sp1)) {
            throw malformed("method is not a token");
        }
        if (sp2 == sp1 + 1 || !isTargetText(sp1 + 1, sp2)) {
            throw malformed("request target is empty or holds a space or control character");
        }
        final boolean versionSupported = checkVersion(sp2 + 1, lineEnd);
        final String method = string(cursor, sp1);
        final String target = string(sp1 + 1, sp2, TARGET_SLOT);
        cursor = lineEnd + 2;

        final HttpFields.Builder fields = HttpFields.builder(fieldLinesAtMost());
        int count = 0;
        long contentLength = -1;
        boolean transferEncoding = false;
        for (int fieldEnd = nextLineEnd(); fieldEnd != cursor; fieldEnd = nextLineEnd()) {
            if (++count > limits.maxHeaderCount()) {
                throw new HttpHeadException(HttpHeadException.Kind.TOO_LARGE,
                        "more than maxHeaderCount=" + limits.maxHeaderCount() + " header fields");
            }
            if (bytes[cursor] == ' ' || bytes[cursor] == '\t') {
                throw malformed("obs-fold: a header line starts with a space or tab");
            }
            final int colon = indexOf((byte) ':', cursor, fieldEnd);
            if (colon < 0 || !isToken(cursor, colon)) {
                throw malformed("header line without a token name before the colon");
            }
            int valueStart = colon + 1;
            int valueEnd = fieldEnd;
            while (valueStart < valueEnd && isOws(bytes[valueStart])) {
                valueStart++;
            }
            while (valueEnd > valueStart && isOws(bytes[valueEnd - 1])) {
                valueEnd--;
            }
            if (!isFieldText(valueStart, valueEnd)) {
                throw malformed("control character in a header value");
            }
            if (nameIs(cursor, colon, "content-length")) {
                if (contentLength >= 0) {
                    throw malformed("duplicate Content-Length");
                }
                contentLength = decimal(valueStart, valueEnd);
            } else if (nameIs(cursor, colon, "transfer-encoding")) {
                transferEncoding = true;
            }
            fields.add(string(cursor, colon), string(valueStart, valueEnd, rememberedSlot(cursor, colon)));
            cursor = fieldEnd + 2;
        }

        if (!versionSupported) {
            throw new HttpHeadException(HttpHeadException.Kind.UNSUPPORTED, "HTTP version other than 1.1 or 1.0");
        }
        if (transferEncoding) {
            throw new HttpHeadException(HttpHeadException.Kind.UNSUPPORTED,
                    "Transfer-Encoding: the body travels in the data buffer, framed by Content-Length");
        }
        if (target.charAt(0) != '/') {
            throw new HttpHeadException(HttpHeadException.Kind.UNSUPPORTED, "request target must be origin-form");
        }
        final int bodyLength = body == null ? 0 : body.remaining();
        if (contentLength >= 0 && contentLength != bodyLength) {
            throw new HttpHeadException(HttpHeadException.Kind.BODY_MISMATCH,
                    "Content-Length " + contentLength + " but " + bodyLength + " body bytes carried");
        }
        return new BlobRequest(method, target, fields.build(), body, bodyOwned);
    }

    /**
     * An upper bound on the header field lines from the cursor (just after the request line), capped at the
     * limit: the line feeds left minus the empty line's. A bare LF counts too, but such a head is refused anyway.
     * One array of the right size for the fields instead of a default one grown on a long head.
     */
    private int fieldLinesAtMost() {
        int lineFeeds = 0;
        for (int i = cursor; i < end; i++) {
            if (bytes[i] == '\n') {
                lineFeeds++;
            }
        }
        return Math.min(Math.max(lineFeeds - 1, 0), limits.maxHeaderCount());
    }

    /**
     * The index of the CR ending the line at the cursor; the caller found CRLF CRLF at the end, so a line end
     * always exists. A bare CR or LF is refused.
     */
    private int nextLineEnd() throws HttpHeadException {
        for (int i = cursor; i < end; i++) {
            final byte b = bytes[i];
            if (b == '\r') {
                if (i + 1 >= end || bytes[i + 1] != '\n') {
                    throw malformed("bare CR");
                }
                return i;
            }
            if (b == '\n') {
                throw malformed("bare LF (lines end with CRLF)");
            }
        }
        throw malformed("line without CRLF");
    }

    /** HTTP/1.1 and HTTP/1.0 are supported; another {@code HTTP/d.d} is well-formed but not supported. */
    private boolean checkVersion(final int from, final int to) throws HttpHeadException {
        if (to - from != 8 || !startsWith(from, "HTTP/") || !isDigit(bytes[from + 5]) || bytes[from + 6] != '.'
                || !isDigit(bytes[from + 7])) {
            throw malformed("HTTP-version is not HTTP/<digit>.<digit>");
        }
        return bytes[from + 5] == '1' && (bytes[from + 7] == '1' || bytes[from + 7] == '0');
    }

    /** A Content-Length value: 1 to 18 decimal digits, nothing else (no sign, no list). */
    private long decimal(final int from, final int to) throws HttpHeadException {
        if (to == from || to - from > 18) {
            throw malformed("Content-Length is not a decimal number of at most 18 digits");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(bytes[i])) {
                throw malformed("Content-Length is not a decimal number");
            }
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    private String string(final int from, final int to) {
        return string(from, to, -1);
    }

    /** A well-known constant, else the channel's remembered string for {@code slot} (-1: none), else a new one. */
    private String string(final int from, final int to, final int slot) {
        final int length = to - from;
        for (int k = 0; k < KNOWN_BYTES.length; k++) {
            final byte[] known = KNOWN_BYTES[k];
            if (known.length == length && Arrays.equals(bytes, from, to, known, 0, length)) {
                return KNOWN[k];
            }
        }
        if (slot >= 0 && remembered != null) {
            return remembered.latin1(slot, bytes, from, to);
        }
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }

    /** The {@link RepeatedValues} slot of the field named by {@code bytes[from, to)}, or -1. */
    private int rememberedSlot(final int from, final int to) {
        for (int i = 0; i < REMEMBERED_NAMES.length; i++) {
            if (nameIs(from, to, REMEMBERED_NAMES[i])) {
                return 1 + i;
            }
        }
        return -1;
    }

    /** Case-insensitive ASCII comparison with a lower-case name. */
    private boolean nameIs(final int from, final int to, final String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = bytes[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWith(final int from, final String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(final byte b, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean isToken(final int from, final int to) {
        if (from == to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!TCHAR[bytes[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }

    /** Visible ASCII or obs-text (Latin-1 above 0x7f): no space, no control character. */
    private boolean isTargetText(final int from, final int to) {
        for (int i = from; i < to; i++) {
            final int c = bytes[i] & 0xff;
            if (c <= 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Field value octets: HTAB, SP, visible ASCII, obs-text. */
    private boolean isFieldText(final int from, final int to) {
        for (int i = from; i < to; i++) {
            final int c = bytes[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOws(final byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isDigit(final byte b) {
        return b >= '0' && b <= '9';
    }

    private static HttpHeadException malformed(final String why) {
        return new HttpHeadException(HttpHeadException.Kind.MALFORMED, why);
    }
}

package org.vmbussim.azblob.vsp.http;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;

/**
 * The fast path's HTTP/1.1 head codec, straight over bytes: parses a request head (request line and
 * header fields, ending at the first empty line; bytes after it in the buffer are ignored) into a
 * {@link BlobRequest} whose body is carried separately, and encodes a response's status line and
 * header fields. The codec never sees or writes a body. It builds no channel, decoder or header map per
 * request: a head parses in place ({@link RequestHeadParser}) and a response head is written into one
 * array of its exact size. (The HTTP front, {@link BlobHttpServer}, keeps Netty's codec for its sockets.)
 *
 * <p>Every input is bounded by {@link HttpHeadLimits}; CRLF line endings are required; a refusal is a
 * typed {@link HttpHeadException} whose kind maps to an errno. Instances are immutable and
 * thread-safe (each call keeps its state on its own stack).
 */
public final class HttpHeadCodec {
    private static final byte[] STATUS_LINE_START = {'H', 'T', 'T', 'P', '/', '1', '.', '1', ' '};

    private final HttpHeadLimits limits;

    /**
     * A codec with these limits.
     *
     * @param limits the bounds on request heads
     */
    public HttpHeadCodec(final HttpHeadLimits limits) {
        this.limits = limits;
    }

    /**
     * A codec with the default limits.
     *
     * @return the codec
     */
    public static HttpHeadCodec withDefaults() {
        return new HttpHeadCodec(HttpHeadLimits.defaults());
    }

    /**
     * The limits.
     *
     * @return the limits
     */
    public HttpHeadLimits limits() {
        return limits;
    }

    /**
     * Parses a request head and joins it with its body.
     *
     * @param requestBuffer the bytes holding the head from position to limit (not consumed)
     * @param body the body bytes ({@code data_valid} of them), position to limit (not consumed)
     * @return the request
     * @throws HttpHeadException when the head is refused
     */
    public BlobRequest parseRequest(final ByteBuffer requestBuffer, final ByteBuffer body) throws HttpHeadException {
        return parse(requestBuffer, body, false);
    }

    /**
     * Parses a request head and joins it with a body array the request takes over ({@link BlobRequest#owning}):
     * the caller writes the array no more, so a store may keep it without a copy.
     *
     * @param requestBuffer the bytes holding the head from position to limit (not consumed)
     * @param body the whole array is the body ({@code data_valid} bytes); given up by the caller
     * @return the request
     * @throws HttpHeadException when the head is refused
     */
    public BlobRequest parseRequestOwningBody(final ByteBuffer requestBuffer, final byte[] body)
            throws HttpHeadException {
        return parse(requestBuffer, ByteBuffer.wrap(body), true);
    }

    /**
     * Parses a request head held in the start of an array and joins it with a body array the request takes over,
     * as {@link #parseRequestOwningBody(ByteBuffer, byte[])} does for {@code ByteBuffer.wrap(head, 0,
     * headLength)}, without a buffer object around the head.
     *
     * @param head       holds the head from index 0 (not kept: the request holds strings, never these bytes)
     * @param headLength the bytes of {@code head} to look at
     * @param body       the whole array is the body ({@code data_valid} bytes); given up by the caller
     * @return the request
     * @throws HttpHeadException when the head is refused
     * @throws IndexOutOfBoundsException when {@code headLength} is outside the array
     */
    public BlobRequest parseRequestOwningBody(final byte[] head, final int headLength, final byte[] body)
            throws HttpHeadException {
        return parseRequestOwningBody(head, headLength, body, null);
    }

    /**
     * As {@link #parseRequestOwningBody(byte[], int, byte[])}, handing out the strings a channel's earlier heads
     * made for the values it repeats ({@link RepeatedValues}).
     *
     * @param head       holds the head from index 0 (not kept: the request holds strings, never these bytes)
     * @param headLength the bytes of {@code head} to look at
     * @param body       the whole array is the body ({@code data_valid} bytes); given up by the caller
     * @param remembered the memo of the channel the head came from (never another channel's), or null
     * @return the request
     * @throws HttpHeadException when the head is refused
     * @throws IndexOutOfBoundsException when {@code headLength} is outside the array
     */
    public BlobRequest parseRequestOwningBody(final byte[] head, final int headLength, final byte[] body,
            final RepeatedValues remembered) throws HttpHeadException {
        Objects.checkFromIndexSize(0, headLength, head.length);
        return new RequestHeadParser(head, 0, headLength(head, 0, headLength), limits, remembered)
                .parse(body.length == 0 ? null : ByteBuffer.wrap(body), true); // a GET: no buffer for no body
    }

    private BlobRequest parse(final ByteBuffer requestBuffer, final ByteBuffer body, final boolean bodyOwned)
            throws HttpHeadException {
        if (requestBuffer.hasArray()) {
            final int start = requestBuffer.arrayOffset() + requestBuffer.position();
            final int headLength = headLength(requestBuffer.array(), start, requestBuffer.remaining());
            return new RequestHeadParser(requestBuffer.array(), start, headLength, limits, null).parse(body, bodyOwned);
        }
        // A buffer without an array (never on the fast path): its searchable part is copied once, then parsed.
        final int searchable = Math.min(requestBuffer.remaining(), limits.maxHeadBytes());
        final byte[] copy = new byte[searchable];
        requestBuffer.get(requestBuffer.position(), copy, 0, searchable);
        final int headLength = headLength(copy, 0, requestBuffer.remaining());
        return new RequestHeadParser(copy, 0, headLength, limits, null).parse(body, bodyOwned);
    }

    /**
     * Bytes of the head starting at {@code bytes[start]}, terminator included; checks the bound before any
     * parsing. Only the first {@code min(remaining, maxHeadBytes)} bytes are read.
     *
     * @param remaining the bytes from {@code start} that the request buffer holds
     */
    private int headLength(final byte[] bytes, final int start, final int remaining) throws HttpHeadException {
        final int searchable = Math.min(remaining, limits.maxHeadBytes());
        for (int i = 0; i + 4 <= searchable; i++) {
            if (bytes[start + i] == '\r' && bytes[start + i + 1] == '\n'
                    && bytes[start + i + 2] == '\r' && bytes[start + i + 3] == '\n') {
                return i + 4;
            }
        }
        if (remaining > limits.maxHeadBytes()) {
            throw new HttpHeadException(HttpHeadException.Kind.TOO_LARGE,
                    "no end of head within maxHeadBytes=" + limits.maxHeadBytes());
        }
        throw new HttpHeadException(HttpHeadException.Kind.MALFORMED,
                "head does not end with an empty line (CRLF CRLF)");
    }

    /**
     * Encodes a response's status line and header fields, ending with the empty line. The headers are
     * written as they are, in order; backends always include Content-Length.
     *
     * @param response the response (its body is not encoded)
     * @return the head bytes, an array of exactly their length
     * @throws IllegalArgumentException when a header cannot be carried
     */
    public byte[] encodeResponseHead(final BlobResponse response) {
        final byte[] head = new byte[responseHeadLength(response)];
        encodeResponseHead(response, head);
        return head;
    }

    /**
     * The bytes {@link #encodeResponseHead(BlobResponse)} makes for a response, without making them.
     *
     * @param response the response
     * @return the head length
     */
    public int responseHeadLength(final BlobResponse response) {
        final HttpFields fields = response.headers();
        int length = STATUS_LINE_START.length + 4 + response.reason().length() + 2 + 2;
        for (int i = 0; i < fields.size(); i++) {
            length += fields.name(i).length() + 2 + fields.value(i).length() + 2;
        }
        return length;
    }

    /**
     * Encodes a response head into the start of a caller's array (a reused one: no array per response).
     *
     * @param response the response (its body is not encoded)
     * @param head     at least {@link #responseHeadLength} bytes
     * @return the head length
     * @throws IllegalArgumentException when a header cannot be carried or the array is too short
     */
    public int encodeResponseHead(final BlobResponse response, final byte[] head) {
        final int length = responseHeadLength(response);
        if (head.length < length) {
            throw new IllegalArgumentException("head array of " + head.length + " bytes (expected: >= " + length + ")");
        }
        final HttpFields fields = response.headers();
        final String reason = response.reason();
        System.arraycopy(STATUS_LINE_START, 0, head, 0, STATUS_LINE_START.length);
        int at = STATUS_LINE_START.length;
        final int status = response.status();
        head[at++] = (byte) ('0' + status / 100);
        head[at++] = (byte) ('0' + status / 10 % 10);
        head[at++] = (byte) ('0' + status % 10);
        head[at++] = ' ';
        at = latin1(reason, head, at);
        at = crlf(head, at);
        for (int i = 0; i < fields.size(); i++) {
            at = latin1(fields.name(i), head, at);
            head[at++] = ':';
            head[at++] = ' ';
            at = latin1(fields.value(i), head, at);
            at = crlf(head, at);
        }
        crlf(head, at);
        return length;
    }

    /** Writes text that {@code HttpFields} and {@code BlobResponse} have validated; re-checked per char. */
    private static int latin1(final String text, final byte[] into, final int at) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("character 0x" + Integer.toHexString(c)
                        + " cannot be carried in a response head");
            }
            into[at + i] = (byte) c;
        }
        return at + text.length();
    }

    private static int crlf(final byte[] into, final int at) {
        into[at] = '\r';
        into[at + 1] = '\n';
        return at + 2;
    }
}

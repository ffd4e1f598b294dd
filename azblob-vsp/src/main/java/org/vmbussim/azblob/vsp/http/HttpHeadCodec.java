package org.vmbussim.azblob.vsp.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;

/**
 * The fast path's HTTP/1.1 head codec, on netty-codec-http: parses a request head (request line and
 * header fields, ending at the first empty line; bytes after it in the buffer are ignored) into a
 * {@link BlobRequest} whose body is carried separately, and encodes a response's status line and
 * header fields. The codec never sees or writes a body.
 *
 * <p>Every input is bounded by {@link HttpHeadLimits}; CRLF line endings are required; a refusal is a
 * typed {@link HttpHeadException} whose kind maps to an errno. Instances are immutable and
 * thread-safe (each call uses its own decoder).
 */
public final class HttpHeadCodec {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

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
        final int headLength = headLength(requestBuffer);
        final ByteBuffer head = requestBuffer.duplicate();
        head.limit(head.position() + headLength);
        final EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxHeadBytes())
                .setMaxHeaderSize(limits.maxHeadBytes())
                .setStrictLineParsing(true)
                .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(true))));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(head));
            final Object first = channel.readInbound();
            if (!(first instanceof HttpRequest request)) {
                ReferenceCountUtil.release(first);
                throw new HttpHeadException(HttpHeadException.Kind.MALFORMED, "no request head decoded");
            }
            try {
                return toRequest(request, body);
            } finally {
                ReferenceCountUtil.release(request);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Bytes of the head, terminator included; checks the bound before any parsing. */
    private int headLength(final ByteBuffer buffer) throws HttpHeadException {
        final int start = buffer.position();
        final int searchable = Math.min(buffer.remaining(), limits.maxHeadBytes());
        for (int i = 0; i + END_OF_HEAD.length <= searchable; i++) {
            if (buffer.get(start + i) == '\r' && buffer.get(start + i + 1) == '\n'
                    && buffer.get(start + i + 2) == '\r' && buffer.get(start + i + 3) == '\n') {
                return i + END_OF_HEAD.length;
            }
        }
        if (buffer.remaining() > limits.maxHeadBytes()) {
            throw new HttpHeadException(HttpHeadException.Kind.TOO_LARGE,
                    "no end of head within maxHeadBytes=" + limits.maxHeadBytes());
        }
        throw new HttpHeadException(HttpHeadException.Kind.MALFORMED,
                "head does not end with an empty line (CRLF CRLF)");
    }

    private BlobRequest toRequest(final HttpRequest request, final ByteBuffer body) throws HttpHeadException {
        final DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            final Throwable cause = result.cause();
            final String why = cause == null ? "decoder failure" : cause.getClass().getSimpleName() + ": "
                    + cause.getMessage();
            throw new HttpHeadException(isTooLong(cause) ? HttpHeadException.Kind.TOO_LARGE
                    : HttpHeadException.Kind.MALFORMED, why);
        }
        final HttpVersion version = request.protocolVersion();
        if (!HttpVersion.HTTP_1_1.equals(version) && !HttpVersion.HTTP_1_0.equals(version)) {
            throw new HttpHeadException(HttpHeadException.Kind.UNSUPPORTED, "version " + version);
        }
        final HttpHeaders headers = request.headers();
        if (headers.size() > limits.maxHeaderCount()) {
            throw new HttpHeadException(HttpHeadException.Kind.TOO_LARGE,
                    headers.size() + " header fields, more than maxHeaderCount=" + limits.maxHeaderCount());
        }
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            throw new HttpHeadException(HttpHeadException.Kind.UNSUPPORTED,
                    "Transfer-Encoding: the body travels in the data buffer, framed by Content-Length");
        }
        final String uri = request.uri();
        if (!uri.startsWith("/") || uri.indexOf(' ') >= 0) {
            throw new HttpHeadException(HttpHeadException.Kind.UNSUPPORTED, "request target must be origin-form");
        }
        final int bodyLength = body == null ? 0 : body.remaining();
        final List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        for (final String length : lengths) {
            final long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (final NumberFormatException e) {
                throw new HttpHeadException(HttpHeadException.Kind.MALFORMED, "Content-Length: " + length);
            }
            if (declared != bodyLength) {
                throw new HttpHeadException(HttpHeadException.Kind.BODY_MISMATCH,
                        "Content-Length " + declared + " but " + bodyLength + " body bytes carried");
            }
        }
        final HttpFields.Builder builder = HttpFields.builder();
        final Iterator<Map.Entry<String, String>> it = headers.iteratorAsString();
        while (it.hasNext()) {
            final Map.Entry<String, String> e = it.next();
            try {
                builder.add(e.getKey(), e.getValue());
            } catch (final IllegalArgumentException bad) {
                throw new HttpHeadException(HttpHeadException.Kind.MALFORMED, bad.getMessage());
            }
        }
        try {
            return new BlobRequest(request.method().name(), uri, builder.build(), body);
        } catch (final IllegalArgumentException bad) {
            throw new HttpHeadException(HttpHeadException.Kind.MALFORMED, bad.getMessage());
        }
    }

    private static boolean isTooLong(final Throwable cause) {
        return cause instanceof TooLongFrameException;
    }

    /**
     * Encodes a response's status line and header fields, ending with the empty line. The headers are
     * written as they are; backends always include Content-Length.
     *
     * @param response the response (its body is not encoded)
     * @return the head bytes
     * @throws IllegalArgumentException when a header cannot be carried
     */
    public byte[] encodeResponseHead(final BlobResponse response) {
        final DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(response.status(), response.reason()),
                DefaultHttpHeadersFactory.headersFactory().withValidation(true));
        for (final Map.Entry<String, String> e : response.headers().entries()) {
            head.headers().add(e.getKey(), e.getValue());
        }
        final EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder());
        try {
            channel.writeOutbound(head);
            final ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(response));
            for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
                final ByteBuf buf = (ByteBuf) msg;
                try {
                    final byte[] chunk = new byte[buf.readableBytes()];
                    buf.readBytes(chunk);
                    out.write(chunk, 0, chunk.length);
                } finally {
                    buf.release();
                }
            }
            return out.toByteArray();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static int estimate(final BlobResponse response) {
        int n = 64 + response.reason().length();
        for (final Map.Entry<String, String> e : response.headers().entries()) {
            n += e.getKey().length() + e.getValue().length() + 4;
        }
        return n;
    }
}

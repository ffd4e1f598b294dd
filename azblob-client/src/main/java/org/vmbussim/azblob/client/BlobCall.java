package org.vmbussim.azblob.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * One Blob REST call being assembled by the client: method, resource path, query, fields and body. {@link
 * #build()} adds the fields every request carries ({@code x-ms-version}, {@code x-ms-date}, {@code
 * x-ms-client-request-id}, {@code Host}, {@code Content-Length}) and the SharedKey {@code Authorization}
 * last, over exactly the fields sent. Not thread-safe; used once.
 */
final class BlobCall {
    /** The Blob REST version the client speaks. */
    static final String SERVICE_VERSION = "2021-08-06";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    private final FastPathBlobServiceClient service;
    private final String method;
    private final String path;
    private final StringBuilder query = new StringBuilder();
    private final HttpFields.Builder fields = HttpFields.builder();
    private ByteBuffer body;
    private long responseBodyHint;

    /**
     * Starts a call.
     *
     * @param service the client whose account, key and transport it uses
     * @param method  the method
     * @param path    the resource path after the account, already percent-encoded, starting with {@code /}
     */
    BlobCall(final FastPathBlobServiceClient service, final String method, final String path) {
        this.service = service;
        this.method = method;
        this.path = path;
    }

    /** Adds a query parameter (percent-encoded here); a null value adds nothing. */
    BlobCall query(final String name, final String value) {
        if (value != null) {
            query.append(query.length() == 0 ? '?' : '&').append(encode(name, false)).append('=')
                    .append(encode(value, false));
        }
        return this;
    }

    /** Adds a header field; a null value adds nothing. */
    BlobCall header(final String name, final String value) {
        if (value != null) {
            fields.add(name, value);
        }
        return this;
    }

    BlobCall conditions(final BlobRequestConditions conditions) {
        conditions.addTo(fields);
        return this;
    }

    BlobCall httpHeaders(final BlobHttpHeaders headers) {
        headers.addTo(fields);
        return this;
    }

    BlobCall metadata(final Map<String, String> metadata) {
        for (final Map.Entry<String, String> e : metadata.entrySet()) {
            fields.add("x-ms-meta-" + e.getKey(), e.getValue());
        }
        return this;
    }

    BlobCall body(final ByteBuffer bytes) {
        this.body = bytes;
        return this;
    }

    BlobCall responseBodyHint(final long bytes) {
        this.responseBodyHint = bytes;
        return this;
    }

    /** The signed request. */
    FastPathRequest build() {
        final int length = body == null ? 0 : body.remaining();
        final String target = service.pathPrefix() + path + query;
        final HttpFields.Builder all = HttpFields.builder()
                .add("x-ms-version", SERVICE_VERSION)
                .add("x-ms-date", service.httpDateNow())
                .add("x-ms-client-request-id", requestId())
                .add("Host", service.hostHeader())
                .add("Content-Length", Integer.toString(length));
        all.addAll(fields.build());
        final HttpFields unsigned = all.build();
        // Signed over exactly the fields above; the builder still holds them, so add the signature there.
        final HttpFields signed = all.add("Authorization", service.signer().authorization(method, target, unsigned))
                .build();
        return new FastPathRequest(method, target, signed, body, responseBodyHint,
                FastPathRequest.isSafeMethod(method));
    }

    /** "METHOD /account/path?query", for messages. */
    String describe() {
        return method + " " + service.pathPrefix() + path + query;
    }

    /** Sends the call and returns any answer. */
    FastPathResponse send() {
        return send(null);
    }

    /** Sends the call, reading a 2xx body that fits into the destination (when not null). */
    FastPathResponse send(final BodyDestination bodyDestination) {
        return service.transport().exchange(build(), bodyDestination);
    }

    /** Sends the call asynchronously. */
    CompletableFuture<FastPathResponse> sendAsync() {
        return service.transport().exchangeAsync(build());
    }

    /**
     * Sends the call and checks the answer.
     *
     * @param expected the successful statuses
     * @return the answer
     * @throws BlobFastPathException for any other status, or when the call was not carried
     */
    FastPathResponse expect(final int... expected) {
        return check(send(), expected);
    }

    /**
     * Sends the call and tells whether its resource was there.
     *
     * @param expected the successful status
     * @return true for it, false for 404
     * @throws BlobFastPathException for any other status, or when the call was not carried
     */
    boolean expectOrNotFound(final int expected) {
        final FastPathResponse response = send();
        if (response.status() == 404) {
            return false;
        }
        check(response, expected);
        return true;
    }

    /** Throws unless the answer has one of the expected statuses. */
    FastPathResponse check(final FastPathResponse response, final int... expected) {
        for (final int status : expected) {
            if (response.status() == status) {
                return response;
            }
        }
        throw BlobFastPathException.fromResponse(describe(), response);
    }

    /** 32 random lower-case hex digits (the high bit of each half set, as before: always 32 digits). */
    private static String requestId() {
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final byte[] digits = new byte[32];
        hex(r.nextLong() | Long.MIN_VALUE, digits, 0);
        hex(r.nextLong() | Long.MIN_VALUE, digits, 16);
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    private static void hex(final long value, final byte[] into, final int at) {
        for (int i = 0; i < 16; i++) {
            into[at + i] = (byte) LOWER_HEX[(int) (value >>> (60 - 4 * i)) & 0xf];
        }
    }

    /**
     * Percent-encodes UTF-8 text: everything but RFC 3986 unreserved characters (and {@code /} when kept).
     *
     * @param text      the text
     * @param keepSlash whether {@code /} stays as it is (blob names in paths)
     * @return the encoded text
     */
    static String encode(final String text, final boolean keepSlash) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (final byte b : bytes) {
            final int c = b & 0xff;
            final boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/');
            if (unreserved) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }
}

package org.vmbussim.azblob.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.vmbussim.azblob.protocol.AzBlobProtocol;

/**
 * One Blob REST call being assembled by the client: method, resource path, query, fields and body. {@link
 * #build()} adds the fields every request carries ({@code x-ms-version}, {@code x-ms-date}, {@code
 * x-ms-client-request-id}, {@code Host}, {@code Content-Length}) and the SharedKey {@code Authorization}
 * last, over exactly the fields sent. Not thread-safe; used once.
 */
final class BlobCall {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The fields every request carries first: {@code x-ms-version} to {@code Content-Length}, see {@link #build}. */
    private static final int STANDARD_FIELDS = 5;
    /** Room for the standard fields, a few of the caller's and the signature without growing. */
    private static final int EXPECTED_FIELDS = STANDARD_FIELDS + 4 + 1;

    private final FastPathBlobServiceClient service;
    private final String method;
    /** The request target up to the query: the service's path prefix and the resource path. */
    private final String resourceTarget;
    /** The query after the path ({@code ?a=b&c=d}), null while there is none. */
    private StringBuilder query;
    /**
     * Every field sent, in order: the standard ones (reserved here, filled by {@link #build}), the caller's, and
     * the signature last. One list for the signer and the request alike.
     */
    private final FieldList fields = new FieldList(EXPECTED_FIELDS).reserve(STANDARD_FIELDS);
    /** Where the last {@link #build} put the signature in {@link #fields}, or -1 before the first. */
    private int signatureIndex = -1;
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
        this(service.pathPrefix() + path, service, method);
    }

    private BlobCall(final String resourceTarget, final FastPathBlobServiceClient service, final String method) {
        this.service = service;
        this.method = method;
        this.resourceTarget = resourceTarget;
    }

    /**
     * Starts a call on a target its caller keeps (a blob client makes it once, not per call).
     *
     * @param service        the client whose account, key and transport it uses
     * @param method         the method
     * @param resourceTarget the target up to the query: {@link FastPathBlobServiceClient#pathPrefix()}, then the
     *                       resource path after the account, already percent-encoded, starting with {@code /}
     * @return the call
     */
    static BlobCall forTarget(final FastPathBlobServiceClient service, final String method,
            final String resourceTarget) {
        return new BlobCall(resourceTarget, service, method);
    }

    /** Adds a query parameter (percent-encoded here); a null value adds nothing. */
    BlobCall query(final String name, final String value) {
        if (value != null) {
            if (query == null) {
                query = new StringBuilder(32);
            }
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

    /** The signed request (each call a new one: a new date, request id and signature). */
    FastPathRequest build() {
        final int length = body == null ? 0 : body.remaining();
        final String target = target();
        if (signatureIndex >= 0) {
            fields.removeAt(signatureIndex); // an earlier build's signature: re-signed below
        }
        // The one constant for the version both sides speak (the host answers with it too).
        fields.setReserved(0, "x-ms-version", AzBlobProtocol.BLOB_SERVICE_VERSION);
        fields.setReserved(1, "x-ms-date", service.httpDateNow());
        fields.setReserved(2, "x-ms-client-request-id", service.requestIds().clientForm());
        fields.setReserved(3, "Host", service.hostHeader());
        fields.setReserved(4, "Content-Length", service.contentLengths().text(length));
        // Signed over exactly the fields so far; the signature goes last.
        final String authorization = service.signer().authorization(method, target, fields);
        signatureIndex = fields.size();
        fields.add("Authorization", authorization);
        return new FastPathRequest(method, target, fields.toHttpFields(), body, responseBodyHint,
                FastPathRequest.isSafeMethod(method));
    }

    private String target() {
        return query == null ? resourceTarget : resourceTarget + query;
    }

    /** "METHOD /account/path?query", for messages. */
    String describe() {
        return method + " " + target();
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
     * Sends the call and checks the answer has one status (no varargs array per call).
     *
     * @param expected the successful status
     * @return the answer
     * @throws BlobFastPathException for any other status, or when the call was not carried
     */
    FastPathResponse expect(final int expected) {
        return check(send(), expected, expected);
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
        check(response, expected, expected);
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

    /** Throws unless the answer has one of two expected statuses (no varargs array per call). */
    FastPathResponse check(final FastPathResponse response, final int expected, final int alsoExpected) {
        if (response.status() == expected || response.status() == alsoExpected) {
            return response;
        }
        throw BlobFastPathException.fromResponse(describe(), response);
    }

    /**
     * Percent-encodes UTF-8 text: everything but RFC 3986 unreserved characters (and {@code /} when kept).
     *
     * @param text      the text
     * @param keepSlash whether {@code /} stays as it is (blob names in paths)
     * @return the encoded text
     */
    static String encode(final String text, final boolean keepSlash) {
        if (isUnreserved(text, keepSlash)) {
            return text; // the usual name: nothing to encode, no copy
        }
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (final byte b : bytes) {
            final int c = b & 0xff;
            if (isUnreserved(c, keepSlash)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static boolean isUnreserved(final String text, final boolean keepSlash) {
        for (int i = 0; i < text.length(); i++) {
            if (!isUnreserved(text.charAt(i), keepSlash)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 unreserved (ASCII letters, digits, {@code -._~}), and {@code /} when kept. */
    private static boolean isUnreserved(final int c, final boolean keepSlash) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/');
    }
}

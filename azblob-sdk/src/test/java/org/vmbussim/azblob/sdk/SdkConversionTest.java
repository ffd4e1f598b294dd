package org.vmbussim.azblob.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.client.BlobFastPathException;
import org.vmbussim.azblob.client.FastPathRequest;
import org.vmbussim.azblob.client.FastPathResponse;
import org.vmbussim.azblob.client.FastPathTransport;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.uapi.Errno;
import reactor.core.publisher.Flux;

class SdkConversionTest {
    private static URL url(final String text) {
        try {
            return URI.create(text).toURL();
        } catch (final MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void theRequestIsCarriedAsTheSdkSignedIt() {
        final HttpHeaders headers = new HttpHeaders()
                .add(HttpHeaderName.fromString("x-ms-version"), "2025-11-05")
                .add(HttpHeaderName.fromString("x-ms-meta-k"), "a")
                .add(HttpHeaderName.fromString("x-ms-meta-k"), "b")
                .add(HttpHeaderName.AUTHORIZATION, "SharedKey devstoreaccount1:sig")
                .add(HttpHeaderName.CONTENT_LENGTH, "3")
                .add(HttpHeaderName.TRANSFER_ENCODING, "chunked");
        final HttpRequest sdk = new HttpRequest(HttpMethod.PUT,
                url("http://127.0.0.1:10000/devstoreaccount1/c/dir%2Fa%20b?comp=block&blockid=QQ%3D%3D"), headers,
                BinaryData.fromBytes(new byte[] {1, 2, 3}));
        final FastPathRequest r = SdkRequests.toFastPath(sdk);
        assertEquals("PUT", r.method());
        assertEquals("/devstoreaccount1/c/dir%2Fa%20b?comp=block&blockid=QQ%3D%3D", r.target());
        assertEquals(List.of("a", "b"), r.headers().all("x-ms-meta-k"));
        assertEquals("SharedKey devstoreaccount1:sig", r.headers().first("Authorization"));
        assertEquals("127.0.0.1:10000", r.headers().first("Host"));
        assertFalse(r.headers().contains("Transfer-Encoding"));
        assertEquals(3, r.bodyLength());
        assertFalse(r.idempotent());
    }

    @Test
    void aRangedReadSizesItsDataBuffer() {
        final HttpRequest ranged = new HttpRequest(HttpMethod.GET, url("http://h/a/c/b"),
                new HttpHeaders().add(HttpHeaderName.fromString("x-ms-range"), "bytes=100-4194403"));
        final FastPathRequest r = SdkRequests.toFastPath(ranged);
        assertEquals(4L << 20, r.responseBodyHintBytes());
        assertTrue(r.idempotent());
        assertEquals("h", r.headers().first("Host"));
        for (final String odd : new String[] {"bytes=5-", "bytes=-5", "bytes=1-2,4-5", "items=1-2", "bytes=9-1"}) {
            assertEquals(0, SdkRequests.responseBodyHint(new HttpRequest(HttpMethod.GET, url("http://h/a"),
                    new HttpHeaders().add(HttpHeaderName.RANGE, odd))), odd);
        }
    }

    private static HttpRequest putWith(final Flux<ByteBuffer> body) {
        return new HttpRequest(HttpMethod.PUT, url("http://h/a/c/b"), new HttpHeaders(),
                BinaryData.fromFlux(body, null, false).block());
    }

    @Test
    void aBodyPublishedAsOneBufferIsTakenWithoutACopy() {
        final byte[] bytes = {1, 2, 3, 4};
        final FastPathRequest r = SdkRequests.toFastPath(putWith(Flux.just(ByteBuffer.wrap(bytes).asReadOnlyBuffer())));
        bytes[2] = 9; // the request's body is a view of the caller's array, as the SDK gave it
        assertArrayEquals(new byte[] {1, 2, 9, 4}, r.bodyBytes());
    }

    @Test
    void aBodyPublishedInPiecesIsJoinedInOrder() {
        final FastPathRequest r = SdkRequests.toFastPath(putWith(Flux.just(ByteBuffer.wrap(new byte[] {1, 2}),
                ByteBuffer.allocate(0), ByteBuffer.wrap(new byte[] {0, 3, 4, 5}, 1, 3).asReadOnlyBuffer())));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, r.bodyBytes());
        assertEquals(0, SdkRequests.toFastPath(putWith(Flux.empty())).bodyLength());
    }

    @Test
    void aBodyOfUnknownLengthOverTheCapIsRefused() {
        final ByteBuffer third = ByteBuffer.allocate(FastPathTransport.maxBodyBytes() / 3 + 1).asReadOnlyBuffer();
        final BlobFastPathException e = assertThrows(BlobFastPathException.class, () -> SdkRequests.toFastPath(
                putWith(Flux.just(third.duplicate(), third.duplicate(), third.duplicate()))));
        assertEquals(Errno.EMSGSIZE, e.errno());
    }

    @Test
    void aBodyPublisherThatNeverCompletesTimesOut() {
        final BlobFastPathException e = assertThrows(BlobFastPathException.class,
                () -> SdkRequests.toFastPath(putWith(Flux.never()), Duration.ofMillis(50)));
        assertEquals(Errno.ETIMEDOUT, e.errno());
        assertTrue(FastPathIOException.isTransient(e.errno()));
    }

    @Test
    void aBodyOverTheCapIsRefusedWithTheFixInTheMessage() {
        final HttpRequest big = new HttpRequest(HttpMethod.PUT, url("http://h/a/c/b"), new HttpHeaders(),
                BinaryData.fromBytes(new byte[FastPathTransport.maxBodyBytes() + 1]));
        final BlobFastPathException e = assertThrows(BlobFastPathException.class, () -> SdkRequests.toFastPath(big));
        assertEquals(Errno.EMSGSIZE, e.errno());
        assertTrue(e.getMessage().contains("parallelTransferOptions"), e.getMessage());
    }

    @Test
    void responseBodiesAreReReadable() {
        final byte[] body = "<Error><Code>X</Code></Error>".getBytes(StandardCharsets.UTF_8);
        final HttpResponse r = new FastPathHttpResponse(new HttpRequest(HttpMethod.GET, url("http://h/a")),
                new FastPathResponse(403, "Forbidden", HttpFields.of("Content-Type", "application/xml",
                        "x-ms-error-code", "X", "Content-Length", Integer.toString(body.length)),
                        ByteBuffer.wrap(body)));
        assertEquals(403, r.getStatusCode());
        assertEquals("X", r.getHeaders().getValue(HttpHeaderName.fromString("x-ms-error-code")));
        for (int i = 0; i < 2; i++) {
            final ByteBuffer chunk = r.getBody().blockFirst();
            final byte[] read = new byte[chunk.remaining()];
            chunk.get(read);
            assertArrayEquals(body, read);
            assertArrayEquals(body, r.getBodyAsByteArray().block());
            assertArrayEquals(body, r.getBodyAsBinaryData().toBytes());
            assertEquals(new String(body, StandardCharsets.UTF_8), r.getBodyAsString().block());
        }
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> r.getBody().blockFirst().put(0, (byte) 1));
        final HttpResponse empty = new FastPathHttpResponse(new HttpRequest(HttpMethod.HEAD, url("http://h/a")),
                new FastPathResponse(200, "OK", HttpFields.of("Content-Length", "7"), null));
        assertNull(empty.getBody().blockFirst());
        assertEquals(0, empty.getBodyAsByteArray().block().length);
    }
}

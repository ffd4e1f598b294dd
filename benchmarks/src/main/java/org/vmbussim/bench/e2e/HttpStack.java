package org.vmbussim.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.http.BlobHttpServer;

/**
 * The REST baseline: the host's HTTP front ({@link BlobHttpServer}: Netty, HTTP/1.1, TCP_NODELAY, keep-alive) on
 * loopback, serving the same kind of backend the fast path reaches, and the JDK's {@link HttpClient} sending the
 * same requests the fast-path client sends (x-ms-version, x-ms-date, x-ms-client-request-id, SharedKey
 * Authorization signed here with the same HMAC).
 *
 * <p><b>Stale connections.</b> The JDK client can fail a request on a pooled keep-alive connection the server
 * has closed ("header parser received no bytes"); every request that fails with an I/O error is sent again (at
 * most {@link #MAX_ATTEMPTS} attempts) and each retry is counted and reported to the caller's listener, so a
 * benchmark neither dies on one nor hides them. (The JDK client itself resends some idempotent requests once;
 * those are not visible here.)
 */
public final class HttpStack implements BlobTarget, AutoCloseable {
    /** Attempts per request before the failure is thrown. */
    public static final int MAX_ATTEMPTS = 3;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final BlobHttpServer server;
    private final HttpClient client;
    private final RestRequests requests = new RestRequests();
    private final String origin;
    private final LongAdder retries = new LongAdder();

    private HttpStack(final BlobHttpServer server) {
        this.server = server;
        this.origin = "http://" + server.address().getAddress().getHostAddress() + ":" + server.port();
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT).build();
    }

    /**
     * Starts the HTTP front on a free loopback port over a backend (the caller closes the backend).
     *
     * @param backend the store
     * @return the stack
     */
    public static HttpStack start(final BlobBackend backend) {
        return new HttpStack(BlobHttpServer.start(Objects.requireNonNull(backend, "backend")));
    }

    /**
     * The server's account endpoint, e.g. {@code http://127.0.0.1:41234/devstoreaccount1}.
     *
     * @return the URI
     */
    public URI endpoint() {
        return server.endpoint(BlobWorkload.ACCOUNT);
    }

    /**
     * Requests sent again after a stale pooled connection, since the start.
     *
     * @return the count
     */
    public long retries() {
        return retries.sum();
    }

    @Override
    public int get(final String blob, final ByteBuffer into, final RetryListener onRetry) {
        final HttpRequest request = toHttp(requests.signed("GET", RestRequests.blobTarget(blob), null)).GET().build();
        final HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray(), onRetry);
        expect(response, 200);
        into.clear();
        into.put(response.body());
        return response.body().length;
    }

    @Override
    public void put(final String blob, final byte[] data, final RetryListener onRetry) {
        final HttpRequest request = toHttp(requests.signed("PUT", RestRequests.blobTarget(blob), data,
                "x-ms-blob-type", "BlockBlob")).PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build();
        expect(send(request, HttpResponse.BodyHandlers.discarding(), onRetry), 201);
    }

    /** The signed request as a JDK request; the JDK client sets Content-Length (signed) itself. */
    private HttpRequest.Builder toHttp(final BlobRequest signed) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + signed.target()))
                .timeout(REQUEST_TIMEOUT);
        for (final Map.Entry<String, String> e : signed.headers().entries()) {
            if (!"Content-Length".equalsIgnoreCase(e.getKey())) {
                b.header(e.getKey(), e.getValue());
            }
        }
        return b;
    }

    private <T> HttpResponse<T> send(final HttpRequest request, final HttpResponse.BodyHandler<T> handler,
            final RetryListener onRetry) {
        IOException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return client.send(request, handler);
            } catch (final IOException e) {
                // A pooled connection the server closed fails before any response byte; a new one succeeds.
                last = e;
                retries.increment();
                onRetry.retried();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
            }
        }
        throw new IllegalStateException(request.method() + " " + request.uri() + " failed " + MAX_ATTEMPTS
                + " times", last);
    }

    private static void expect(final HttpResponse<?> response, final int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": HTTP "
                    + response.statusCode() + " (expected " + status + ") " + headers(response));
        }
    }

    private static String headers(final HttpResponse<?> response) {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
            if (e.getKey().startsWith("x-ms-error")) {
                sb.append(e.getKey()).append('=').append(e.getValue()).append(' ');
            }
        }
        return sb.toString().trim();
    }

    /** Stops the HTTP front (the JDK client's connections close with it). */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "REST over loopback HTTP/1.1 to " + endpoint();
    }
}

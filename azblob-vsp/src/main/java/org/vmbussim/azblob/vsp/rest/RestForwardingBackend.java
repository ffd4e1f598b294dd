package org.vmbussim.azblob.vsp.rest;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.uapi.Errno;

/**
 * Forwards each request to a Blob endpoint with {@code java.net.http}: the same method, the raw target
 * appended to the endpoint's scheme, host and port, and every header unchanged (Date, every
 * {@code x-ms-*}, Authorization) so that the client's SharedKey signature verifies upstream. The
 * headers {@code java.net.http} refuses to set (Content-Length, Host, Connection, Expect, Upgrade) are
 * dropped: the client recomputes Content-Length from the body, and the signature signs the value, not
 * the field's presence. Hop-by-hop response headers are dropped and Content-Length is set to the body
 * carried (HEAD keeps the upstream's).
 *
 * <p>Connections are pooled by the client (keep-alive). Failures map to errnos: connect or response
 * timeout → ETIMEDOUT, refused connection → ECONNREFUSED, any other I/O failure → ECONNRESET after
 * one retry on a fresh connection (a pooled connection the server already closed fails this way;
 * Blob writes are idempotent: a Put repeats the same bytes, a Put Block the same id). A response body
 * whose Content-Length exceeds the caller's capacity is drained, not kept, and reported as
 * {@link BlobOutcome.BodyTooLarge}. Thread-safe.
 */
public final class RestForwardingBackend implements BlobBackend {
    private static final Logger LOG = LoggerFactory.getLogger(RestForwardingBackend.class);
    private static final Set<String> RESTRICTED_REQUEST_HEADERS =
            Set.of("content-length", "host", "connection", "expect", "upgrade");
    private static final Set<String> HOP_BY_HOP_RESPONSE_HEADERS =
            Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length");

    private final String base;
    private final HttpClient client;
    private final ExecutorService executor;
    private final Duration requestTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Settings of the forwarder.
     *
     * @param endpoint the upstream's scheme, host and port ({@code http://127.0.0.1:10000}); any path is ignored:
     *                 the request's own path (which starts with the account in path-style URLs) is used
     * @param connectTimeout bound on opening a connection
     * @param requestTimeout bound on one exchange, from sending to the whole response
     * @param threads threads of the client's executor
     */
    public record Options(URI endpoint, Duration connectTimeout, Duration requestTimeout, int threads) {
        /**
         * Validates the settings.
         *
         * @param endpoint the upstream
         * @param connectTimeout connect bound
         * @param requestTimeout exchange bound
         * @param threads executor threads
         */
        public Options {
            if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null
                    || !Set.of("http", "https").contains(endpoint.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("endpoint must be an http(s) URL with a host: " + endpoint);
            }
            if (connectTimeout == null || requestTimeout == null || connectTimeout.isNegative()
                    || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()
                    || threads < 1) {
                throw new IllegalArgumentException("timeouts must be positive and threads >= 1");
            }
        }

        /**
         * 5 s to connect, 60 s per exchange, 2 threads.
         *
         * @param endpoint the upstream
         * @return the options
         */
        public static Options defaults(final URI endpoint) {
            return new Options(endpoint, Duration.ofSeconds(5), Duration.ofSeconds(60), 2);
        }
    }

    /**
     * A forwarder.
     *
     * @param options the settings
     */
    public RestForwardingBackend(final Options options) {
        final URI e = options.endpoint();
        this.base = e.getScheme() + "://" + e.getRawAuthority();
        this.requestTimeout = options.requestTimeout();
        this.executor = Executors.newFixedThreadPool(options.threads(), new DefaultThreadFactory("vsp-rest", true));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    @Override
    public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
        if (closed.get()) {
            return new BlobOutcome.Failed(Errno.ENODEV, "forwarder is closed");
        }
        final HttpRequest outgoing;
        try {
            outgoing = toHttpRequest(request);
        } catch (final IllegalArgumentException e) {
            return new BlobOutcome.Failed(Errno.EINVAL, "request cannot be forwarded: " + e.getMessage());
        }
        IOException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                final HttpResponse<byte[]> response = client.send(outgoing, info -> {
                    final OptionalLong length = info.headers().firstValueAsLong("content-length");
                    if (!"HEAD".equals(request.method()) && length.isPresent()
                            && length.getAsLong() > bodyCapacityBytes) {
                        return HttpResponse.BodySubscribers.replacing(null);
                    }
                    return HttpResponse.BodySubscribers.ofByteArray();
                });
                return toOutcome(request, response, bodyCapacityBytes);
            } catch (final HttpTimeoutException e) {
                return new BlobOutcome.Failed(Errno.ETIMEDOUT, e.toString());
            } catch (final ConnectException e) {
                return new BlobOutcome.Failed(Errno.ECONNREFUSED, e.toString());
            } catch (final IOException e) {
                // Most often a pooled connection the server closed meanwhile: retry once on a new one.
                last = e;
                LOG.debug("forwarding {} {} failed (attempt {}): {}", request.method(), request.rawPath(),
                        attempt + 1, e.toString());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return new BlobOutcome.Failed(Errno.EINTR, "interrupted while forwarding");
            }
        }
        return new BlobOutcome.Failed(Errno.ECONNRESET, String.valueOf(last));
    }

    private HttpRequest toHttpRequest(final BlobRequest request) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.target()))
                .timeout(requestTimeout);
        for (final Map.Entry<String, String> e : request.headers().entries()) {
            if (!RESTRICTED_REQUEST_HEADERS.contains(HttpFields.lower(e.getKey()))) {
                b.header(e.getKey(), e.getValue());
            }
        }
        final HttpRequest.BodyPublisher body = request.bodyLength() == 0 && !"PUT".equals(request.method())
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.bodyBytes());
        return b.method(request.method(), body).build();
    }

    private static BlobOutcome toOutcome(final BlobRequest request, final HttpResponse<byte[]> response,
                                         final long capacity) {
        final HttpFields.Builder headers = HttpFields.builder();
        for (final Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
            if (e.getKey().startsWith(":") || HOP_BY_HOP_RESPONSE_HEADERS.contains(HttpFields.lower(e.getKey()))) {
                continue;
            }
            e.getValue().forEach(v -> headers.add(e.getKey(), v));
        }
        final String reason = StatusReasons.of(response.statusCode());
        final OptionalLong upstreamLength = response.headers().firstValueAsLong("content-length");
        if (response.body() == null) {
            headers.add("Content-Length", String.valueOf(upstreamLength.orElse(0)));
            return new BlobOutcome.BodyTooLarge(new BlobResponse(response.statusCode(), reason, headers.build(), null),
                    upstreamLength.orElse(0));
        }
        final boolean head = "HEAD".equals(request.method());
        headers.add("Content-Length", String.valueOf(head ? upstreamLength.orElse(0) : response.body().length));
        final BlobResponse r = new BlobResponse(response.statusCode(), reason, headers.build(),
                head ? null : ByteBuffer.wrap(response.body()));
        return BlobOutcome.fitting(r, capacity);
    }

    /** Stops the client's executor (and on JDK 21+ the client itself); bounded. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (client instanceof AutoCloseable closeable) {
            // JDK 21+: HttpClient.close() waits for exchanges and stops its selector thread.
            try {
                closeable.close();
            } catch (final Exception e) {
                LOG.debug("closing the HTTP client: {}", e.toString());
            }
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("forwarder threads did not stop within 5 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

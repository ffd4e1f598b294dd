package org.vmbussim.azblob.vsp.rest;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>Transient faults are retried under a {@link RetryPolicy}: a refused or unopened connection and a
 * 503 or 429 answer (the upstream did not execute the request) for every request; a reset, a timed-out
 * attempt or a 500 answer (the request may have taken effect) only for requests whose duplicate
 * delivery is harmless ({@link RetrySafety}). Each attempt is bounded by the policy's attempt timeout
 * and by what is left of the request's deadline ({@link Options#requestTimeout()} from the call, all
 * attempts and backoffs included); no backoff is started that would end past the deadline. When the
 * attempts run out, the last fault is the answer: a 5xx response as received (never success), or an
 * errno: timeout → ETIMEDOUT, refused connection → ECONNREFUSED, any other I/O failure → ECONNRESET.
 * Connections are pooled by the client (keep-alive). A response body whose Content-Length exceeds the
 * caller's capacity is drained, not kept, and reported as {@link BlobOutcome.BodyTooLarge}. Thread-safe.
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
    private final RetryPolicy retry;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Settings of the forwarder.
     *
     * @param endpoint the upstream's scheme, host and port ({@code http://127.0.0.1:10000}); any path is ignored:
     *                 the request's own path (which starts with the account in path-style URLs) is used
     * @param connectTimeout bound on opening a connection
     * @param requestTimeout the request's deadline: bound on the whole request, every attempt and backoff
     *                       included, from the call to the whole response
     * @param threads threads of the client's executor
     * @param retry how transient faults are retried
     */
    public record Options(URI endpoint, Duration connectTimeout, Duration requestTimeout, int threads,
                          RetryPolicy retry) {
        /**
         * Validates the settings.
         *
         * @param endpoint the upstream
         * @param connectTimeout connect bound
         * @param requestTimeout the request's deadline
         * @param threads executor threads
         * @param retry the retry policy
         */
        public Options {
            if (retry == null) {
                throw new IllegalArgumentException("retry policy is required");
            }
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
         * Settings with the default retry policy, each attempt bounded only by the deadline.
         *
         * @param endpoint the upstream
         * @param connectTimeout connect bound
         * @param requestTimeout the request's deadline
         * @param threads executor threads
         */
        public Options(final URI endpoint, final Duration connectTimeout, final Duration requestTimeout,
                       final int threads) {
            this(endpoint, connectTimeout, requestTimeout, threads,
                    requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()
                            ? RetryPolicy.defaults() : RetryPolicy.defaults().withAttemptTimeout(requestTimeout));
        }

        /**
         * 5 s to connect, a 60 s deadline per request, 2 threads, the default retry policy (30 s per attempt).
         *
         * @param endpoint the upstream
         * @return the options
         */
        public static Options defaults(final URI endpoint) {
            return new Options(endpoint, Duration.ofSeconds(5), Duration.ofSeconds(60), 2, RetryPolicy.defaults());
        }

        /**
         * The same options with another retry policy.
         *
         * @param policy the policy
         * @return the options
         */
        public Options withRetry(final RetryPolicy policy) {
            return new Options(endpoint, connectTimeout, requestTimeout, threads, policy);
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
        this.retry = options.retry();
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
        try {
            toHttpRequest(request, requestTimeout);
        } catch (final IllegalArgumentException e) {
            return new BlobOutcome.Failed(Errno.EINVAL, "request cannot be forwarded: " + e.getMessage());
        }
        final long deadline = System.nanoTime() + requestTimeout.toNanos();
        final boolean repeatable = RetrySafety.repeatable(request);
        for (int attempt = 1; ; attempt++) {
            final long leftNanos = deadline - System.nanoTime();
            final Attempt a = attempt(request, bodyCapacityBytes,
                    Math.min(leftNanos, retry.attemptTimeout().toNanos()));
            final boolean retryable = a.fault() == Fault.NOT_EXECUTED || a.fault() == Fault.AMBIGUOUS && repeatable;
            if (!retryable || attempt >= retry.maxAttempts()) {
                return a.outcome();
            }
            final long backoffNanos = retry.backoffAfter(attempt).toNanos();
            if (deadline - System.nanoTime() <= backoffNanos) {
                LOG.debug("{} {}: no time left for attempt {}", request.method(), request.rawPath(), attempt + 1);
                return a.outcome();
            }
            LOG.debug("{} {}: attempt {} failed ({}), retrying in {} ms", request.method(), request.rawPath(),
                    attempt, a.outcome(), TimeUnit.NANOSECONDS.toMillis(backoffNanos));
            try {
                TimeUnit.NANOSECONDS.sleep(backoffNanos);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return new BlobOutcome.Failed(Errno.EINTR, "interrupted while forwarding");
            }
            if (closed.get()) {
                return new BlobOutcome.Failed(Errno.ENODEV, "forwarder is closed");
            }
        }
    }

    /** What one attempt met: nothing (an answer to keep), or a fault of a kind. */
    private enum Fault { NONE, NOT_EXECUTED, AMBIGUOUS }

    private record Attempt(BlobOutcome outcome, Fault fault) {
    }

    /** One exchange, bounded as a whole (body included) by {@code timeoutNanos}. */
    private Attempt attempt(final BlobRequest request, final long capacity, final long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return new Attempt(new BlobOutcome.Failed(Errno.ETIMEDOUT, "deadline passed"), Fault.NONE);
        }
        final HttpRequest outgoing = toHttpRequest(request, Duration.ofNanos(timeoutNanos));
        final CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(outgoing, info -> {
            final OptionalLong length = info.headers().firstValueAsLong("content-length");
            if (!"HEAD".equals(request.method()) && length.isPresent() && length.getAsLong() > capacity) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            return HttpResponse.BodySubscribers.ofByteArray();
        });
        try {
            final HttpResponse<byte[]> response = exchange.get(timeoutNanos, TimeUnit.NANOSECONDS);
            final int status = response.statusCode();
            final Fault fault = status == 503 || status == 429 ? Fault.NOT_EXECUTED
                    : status == 500 ? Fault.AMBIGUOUS : Fault.NONE;
            return new Attempt(toOutcome(request, response, capacity), fault);
        } catch (final TimeoutException e) {
            exchange.cancel(true);
            return new Attempt(new BlobOutcome.Failed(Errno.ETIMEDOUT, "no whole response within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"), Fault.AMBIGUOUS);
        } catch (final ExecutionException e) {
            return failure(e.getCause() == null ? e : e.getCause());
        } catch (final InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Attempt(new BlobOutcome.Failed(Errno.EINTR, "interrupted while forwarding"), Fault.NONE);
        }
    }

    private static Attempt failure(final Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new Attempt(new BlobOutcome.Failed(Errno.ETIMEDOUT, t.toString()), Fault.NOT_EXECUTED);
            }
            if (t instanceof ConnectException) {
                return new Attempt(new BlobOutcome.Failed(Errno.ECONNREFUSED, t.toString()), Fault.NOT_EXECUTED);
            }
        }
        if (cause instanceof HttpTimeoutException) {
            return new Attempt(new BlobOutcome.Failed(Errno.ETIMEDOUT, cause.toString()), Fault.AMBIGUOUS);
        }
        if (cause instanceof IOException) {
            // A reset or a connection closed mid-exchange (also a pooled connection the server closed).
            return new Attempt(new BlobOutcome.Failed(Errno.ECONNRESET, cause.toString()), Fault.AMBIGUOUS);
        }
        LOG.warn("forwarding failed unexpectedly", cause);
        return new Attempt(new BlobOutcome.Failed(Errno.EIO, String.valueOf(cause)), Fault.NONE);
    }

    private HttpRequest toHttpRequest(final BlobRequest request, final Duration timeout) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.target()))
                .timeout(timeout);
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

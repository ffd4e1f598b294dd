package org.vmbussim.azblob.sdk;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.ParallelTransferOptions;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vmbussim.azblob.client.BlobFastPathException;
import org.vmbussim.azblob.client.FastPathTransport;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * An azure-core {@link HttpClient} that carries every request of the unmodified Azure SDK through the
 * simulated VMBus: each request becomes one fast-path exchange on a {@link FastPathTransport} (a blob device
 * node opened by a simulated guest process). The SDK signs its requests; this client passes the method, the
 * raw path and query, and every header field through unchanged, and never signs anything itself.
 *
 * <pre>{@code
 * try (FastPathHttpClient http = new FastPathHttpClient(transport)) {
 *     BlobServiceClient service = new BlobServiceClientBuilder()
 *             .connectionString("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=...;"
 *                     + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")   // never dialled
 *             .httpClient(http)
 *             .buildClient();
 *     service.createBlobContainer("photos").getBlobClient("cat.jpg")
 *             .uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(bytes))
 *                     .setParallelTransferOptions(http.parallelTransferOptions()), null, Context.NONE);
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #sendSync} runs on the caller's thread. {@link #send} runs the blocking exchange
 * where its {@link AsyncSends} says: by default ({@link AsyncSends#POOL}) on this client's own bounded pool (as
 * many daemon threads as the transport has buffer sets; idle threads end after 30 s), never on a Reactor thread;
 * with {@link AsyncSends#SUBSCRIBER} on the thread that subscribes, unless that is a Reactor non-blocking thread.
 * The second is for callers that block on the result anyway: azure-storage-blob 12.33's synchronous
 * {@code BlobClient} runs {@code upload}, {@code downloadContent} and the other data calls through the
 * asynchronous pipeline and blocks on it ({@code sendSync} is never called for them), so with the pool each
 * such request costs the caller's park, the pool thread's wake-up and the caller's wake-up again. {@link #close()}
 * stops the pool; it does not close the transport.
 *
 * <p><b>Large bodies.</b> One exchange carries at most {@link FastPathTransport#maxBodyBytes()} (31.7 MiB) of
 * body each way. The SDK's default single upload goes up to 256 MiB in one request, which cannot be split
 * without re-signing it, so a larger request body fails at once with {@code EMSGSIZE} (not retried) and a
 * message naming the fix: upload with {@link #parallelTransferOptions()} (or any options whose
 * {@code maxSingleUploadSize} and {@code blockSize} are within the cap). A response body that does not fit the
 * data buffer is fetched again with a larger one (GET and HEAD only) up to the cap; a whole-blob GET of a
 * larger blob fails with {@code EMSGSIZE}: read such blobs by ranges ({@code downloadToFile},
 * {@code openInputStream}, a {@code BlobRange}). Ranged requests get a data buffer sized to the range.
 *
 * <p><b>Errors.</b> A request the device could not carry for a passing reason (ETIMEDOUT, ECONNRESET,
 * ECONNREFUSED, EINTR, EAGAIN, EBUSY, EIO, ENODEV) fails with a {@link FastPathIOException}, which the SDK's
 * retry policy retries; any other failure is a {@link BlobFastPathException}, which it does not.
 */
public final class FastPathHttpClient implements HttpClient, AutoCloseable {
    /** The {@link Context} key under which {@link #bindingPolicy()} places this client for the provider's client. */
    public static final String CONTEXT_KEY = "org.vmbussim.azblob.sdk.FastPathHttpClient";
    /** Block size and single-upload limit of {@link #parallelTransferOptions()}: 4 MiB, the SDK's block size. */
    public static final long TRANSFER_BYTES = 4L << 20;

    /** Where {@link #send} runs the exchange. */
    public enum AsyncSends {
        /**
         * On this client's pool: subscribing never blocks, and transfers started together (the SDK's parallel
         * block uploads) run in parallel.
         */
        POOL,
        /**
         * On the subscribing thread, which blocks until the exchange ends, unless it is a Reactor non-blocking
         * thread (a retry's delay ends on one), then on the pool: no thread hand-off for a caller that blocks on
         * the result. Transfers that one thread starts together run one after another.
         */
        SUBSCRIBER
    }

    private final FastPathTransport transport;
    private final ThreadPoolExecutor executor;
    private final Scheduler scheduler;
    private final AsyncSends asyncSends;

    /**
     * A client over an open transport, with one thread per buffer set for {@link #send}.
     *
     * @param transport the transport (not closed by this client)
     */
    public FastPathHttpClient(final FastPathTransport transport) {
        this(transport, transport.options().maxInFlight());
    }

    /**
     * A client over an open transport.
     *
     * @param transport the transport (not closed by this client)
     * @param threads   threads running asynchronous sends, at least 1
     */
    public FastPathHttpClient(final FastPathTransport transport, final int threads) {
        this(transport, threads, AsyncSends.POOL);
    }

    /**
     * A client over an open transport.
     *
     * @param transport  the transport (not closed by this client)
     * @param threads    threads running asynchronous sends, at least 1
     * @param asyncSends where {@link #send} runs the exchange
     */
    public FastPathHttpClient(final FastPathTransport transport, final int threads, final AsyncSends asyncSends) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.asyncSends = Objects.requireNonNull(asyncSends, "asyncSends");
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + " (expected: >= 1)");
        }
        final String prefix = "fastpath-sdk-" + Integer.toHexString(System.identityHashCode(this)) + "-";
        final AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    final Thread t = new Thread(r, prefix + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.scheduler = Schedulers.fromExecutorService(executor, prefix + "scheduler");
    }

    /**
     * The transport requests travel on.
     *
     * @return the transport
     */
    public FastPathTransport transport() {
        return transport;
    }

    @Override
    public Mono<HttpResponse> send(final HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(final HttpRequest request, final Context context) {
        final Mono<HttpResponse> exchange = Mono.fromCallable(() -> exchange(request));
        if (asyncSends == AsyncSends.POOL) {
            return exchange.subscribeOn(scheduler);
        }
        // Decided at subscription: that is the thread the exchange would block.
        return Mono.defer(() -> Schedulers.isInNonBlockingThread() ? exchange.subscribeOn(scheduler) : exchange);
    }

    /**
     * Where {@link #send} runs the exchange.
     *
     * @return the choice made at construction
     */
    public AsyncSends asyncSends() {
        return asyncSends;
    }

    @Override
    public HttpResponse sendSync(final HttpRequest request, final Context context) {
        try {
            return exchange(request);
        } catch (final FastPathIOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse exchange(final HttpRequest request) throws FastPathIOException {
        try {
            return new FastPathHttpResponse(request, transport.exchange(SdkRequests.toFastPath(request,
                    transport.options().timeout())));
        } catch (final BlobFastPathException e) {
            if (FastPathIOException.isTransient(e.errno())) {
                throw new FastPathIOException(e);
            }
            throw e;
        }
    }

    /**
     * Upload settings that keep every request within the fast path's per-request cap: single uploads up to
     * {@link #TRANSFER_BYTES}, larger data in blocks of that size, as many at once as the transport has
     * buffer sets.
     *
     * @return new options (the caller may change them further)
     */
    public ParallelTransferOptions parallelTransferOptions() {
        return new ParallelTransferOptions().setBlockSizeLong(TRANSFER_BYTES).setMaxSingleUploadSizeLong(TRANSFER_BYTES)
                .setMaxConcurrency(transport.options().maxInFlight());
    }

    /**
     * A pipeline policy that binds SDK requests to this client, for clients built without
     * {@code httpClient(...)}: the SDK then takes the {@link FastPathHttpClientProvider}'s client, which sends
     * each request with the client found under {@link #CONTEXT_KEY}. Add it with the builder's
     * {@code addPolicy}.
     *
     * @return the policy
     */
    public HttpPipelinePolicy bindingPolicy() {
        return new HttpPipelineSyncPolicy() {
            @Override
            protected void beforeSendingRequest(final HttpPipelineCallContext context) {
                context.setData(CONTEXT_KEY, FastPathHttpClient.this);
            }

            @Override
            public HttpPipelinePosition getPipelinePosition() {
                return HttpPipelinePosition.PER_CALL;
            }
        };
    }

    /** Stops the send pool (bounded wait); the transport stays open. */
    @Override
    public void close() {
        scheduler.dispose();
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

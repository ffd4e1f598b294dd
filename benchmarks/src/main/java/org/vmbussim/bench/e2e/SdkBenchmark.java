package org.vmbussim.bench.e2e;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.vmbussim.azblob.sdk.FastPathHttpClient;
import org.vmbussim.azblob.vsp.rest.AzuriteServer;
import org.vmbussim.azblob.vsp.store.StorageEngine;

/**
 * The unmodified Azure SDK ({@code azure-storage-blob}'s synchronous {@link BlobClient}) reading and writing one
 * blob, with three transports under it:
 *
 * <ul>
 *   <li>{@code path=fastpath}: {@link FastPathHttpClient}, every request through the simulated VMBus to the
 *       in-memory store (guest and host on their own threads); the exchange runs on the benchmark's thread
 *       ({@link FastPathHttpClient.AsyncSends#SUBSCRIBER}: the synchronous client blocks on the asynchronous
 *       pipeline, it never calls {@code sendSync});</li>
 *   <li>{@code path=fastpath-pool}: the same, with each exchange handed to the client's send pool
 *       ({@link FastPathHttpClient.AsyncSends#POOL}, the default);</li>
 *   <li>{@code path=http}: the SDK's default Netty HTTP client to the host's HTTP front over the same kind of
 *       store;</li>
 *   <li>{@code path=azurite}: the same Netty client to Azurite (needs {@code -Dvmbussim.azurite.bin}).</li>
 * </ul>
 *
 * <p>GET is {@code downloadContent()} (the SDK allocates the payload), PUT is {@code upload(data, true)}.
 *
 * <p><b>Warm-up.</b> The SDK's request path (Reactor, azure-core's policies, its XML and header handling, and
 * Netty for {@code path=http}) is a lot of code for the JIT: on the 2-core machine, shared, it compiles for 6 to
 * 20 s, longest where requests are few (1 MiB), the code largest (HTTP) or the machine busiest. Iterations
 * measured sooner rose from one to the next (up to 1.9x after 12 s of warm-up on a busy machine) and their mean
 * favoured whichever path finished compiling first. A fixed warm-up long enough for the worst case does not fit
 * the suite's time, so the trial's setup first runs the benchmark's own operation until the JIT is quiet
 * ({@link JitWarmUp}; at most {@value #MAX_PREWARM_SECONDS} s, Azurite excepted), then JMH warms up its own
 * loop. Six half-second iterations make JMH's 99.9 % half-interval 2.8 standard deviations of an iteration,
 * where three 1 s iterations made it 18.2.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class SdkBenchmark {
    /** The SDK's endpoint on the fast path: path-style, never dialled. */
    static final String FAST_PATH_ENDPOINT = "http://127.0.0.1:10000/" + BlobWorkload.ACCOUNT;

    /** Longest run of the operation in the trial's setup while waiting for the JIT to finish compiling. */
    static final int MAX_PREWARM_SECONDS = 9;

    /** The transport under the SDK. */
    @Param({"fastpath", "fastpath-pool", "http", "azurite"})
    public String path;

    /** Payload bytes. */
    @Param({"4096", "1048576"})
    public int sizeBytes;

    private StorageEngine store;
    private FastPathStack fastPath;
    private FastPathHttpClient fastPathHttp;
    private HttpStack http;
    private AzuriteServer azurite;
    private BlobContainerClient container;
    private BinaryData payload;
    private BlobClient readBlob;

    /**
     * Starts the store (or Azurite), the transport and the SDK client, preloads the blobs and checks a read.
     *
     * @param params the run's parameters (for the thread count)
     * @throws IOException when Azurite cannot be started
     */
    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws IOException {
        try {
            final byte[] bytes = BlobWorkload.payload(sizeBytes);
            payload = BinaryData.fromBytes(bytes);
            final HttpClient client;
            final URI endpoint;
            if ("azurite".equals(path)) {
                azurite = AzuriteProcess.start();
                // The emulator account's blob endpoint.
                endpoint = azurite.endpoint().resolve("/" + BlobWorkload.ACCOUNT);
                client = new NettyAsyncHttpClientBuilder().build();
            } else {
                store = StoreSetup.newStore();
                StoreSetup.preload(store, new int[] {sizeBytes}, params.getThreads());
                if (path.startsWith("fastpath")) {
                    fastPath = FastPathStack.start(store, FastPathStack.Scheduling.THREADED, 1, params.getThreads(),
                            Math.max(EndToEndBenchmark.MIN_DATA_BUFFER_BYTES, sizeBytes));
                    final FastPathHttpClient.AsyncSends sends = switch (path) {
                        case "fastpath" -> FastPathHttpClient.AsyncSends.SUBSCRIBER;
                        case "fastpath-pool" -> FastPathHttpClient.AsyncSends.POOL;
                        default -> throw new IllegalArgumentException("path=" + path
                                + " (expected: fastpath or fastpath-pool)");
                    };
                    fastPathHttp = new FastPathHttpClient(fastPath.channel(0).transport(), params.getThreads(), sends);
                    endpoint = URI.create(FAST_PATH_ENDPOINT);
                    client = fastPathHttp;
                } else if ("http".equals(path)) {
                    http = HttpStack.start(store);
                    endpoint = http.endpoint();
                    client = new NettyAsyncHttpClientBuilder().build();
                } else {
                    throw new IllegalArgumentException("path=" + path
                            + " (expected: fastpath, fastpath-pool, http or azurite)");
                }
            }
            container = new BlobServiceClientBuilder().connectionString("DefaultEndpointsProtocol=http;AccountName="
                    + BlobWorkload.ACCOUNT + ";AccountKey=" + BlobWorkload.ACCOUNT_KEY + ";BlobEndpoint=" + endpoint
                    + ";").httpClient(client).buildClient().getBlobContainerClient(BlobWorkload.CONTAINER);
            if (azurite != null) {
                container.createIfNotExists();
                container.getBlobClient(BlobWorkload.readBlob(sizeBytes)).upload(payload, true);
            }
            readBlob = container.getBlobClient(BlobWorkload.readBlob(sizeBytes));
            if (!Arrays.equals(bytes, readBlob.downloadContent().toBytes())) {
                throw new IllegalStateException("the SDK over " + path + " read other bytes than were stored");
            }
            if (params.getBenchmark().endsWith(".get")) {
                warmUntilCompiled(this::get);
            }
        } catch (final IOException | RuntimeException e) {
            tearDown(); // JMH does not tear down a trial whose setup failed: stop what was started
            throw e;
        }
    }

    /** Runs an operation until the JIT is quiet ({@link JitWarmUp}), except against Azurite (a reference row). */
    private void warmUntilCompiled(final Runnable operation) {
        if (azurite == null) {
            JitWarmUp.untilQuiet("SDK", MAX_PREWARM_SECONDS, operation);
        }
    }

    /** Stops everything started: the SDK's transport, the fast path or HTTP front, the store or Azurite. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Closeables.closeAll(fastPathHttp, fastPath, http, store, azurite);
    }

    /**
     * Reads the whole blob with the SDK.
     *
     * @return bytes read
     */
    @Benchmark
    public long get() {
        return readBlob.downloadContent().getLength();
    }

    /**
     * Overwrites the thread's own blob with the SDK.
     *
     * @param writer the calling thread's blob
     */
    @Benchmark
    public void put(final Writer writer) {
        writer.blob.upload(payload, true);
    }

    /** One benchmark thread's blob to overwrite. */
    @State(Scope.Thread)
    public static class Writer {
        private BlobClient blob;

        /**
         * Picks the thread's blob.
         *
         * @param bench  the shared state
         * @param thread which thread this is
         */
        @Setup(Level.Trial)
        public void setUp(final SdkBenchmark bench, final ThreadParams thread) {
            blob = bench.container.getBlobClient(BlobWorkload.writeBlob(bench.sizeBytes, thread.getThreadIndex()));
            bench.warmUntilCompiled(() -> bench.put(this));
        }
    }
}

package org.vmbussim.bench.e2e;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.vmbussim.azblob.vsp.store.StorageEngine;

/**
 * One blob GET or PUT end to end, over the fast path or over REST on loopback HTTP, against the same in-memory
 * store. Each JMH thread is one client sending requests back to back, so the thread count is the number of
 * requests in flight ({@code -t 1} sequential, {@code -t 8} eight in flight).
 *
 * <ul>
 *   <li>{@code path=fastpath}: client library → ioctl → VSC → VMBus ring → VSP → store → completion → client,
 *       guest and host on their own threads ({@link FastPathStack.Scheduling#THREADED});</li>
 *   <li>{@code path=fastpath-pump}: the same code with guest and host run on the calling thread while it waits
 *       ({@link FastPathStack.Scheduling#PUMP}; one thread only): the software path without thread hand-offs;</li>
 *   <li>{@code path=http}: the JDK HttpClient to the host's HTTP front (Netty, TCP_NODELAY) over the same kind of
 *       store, same fields, same SharedKey signing.</li>
 * </ul>
 *
 * <p>{@code channels} spreads the threads over that many blob devices (VMBus channels), thread i on channel
 * i mod channels (fast path only). GET reads into a buffer each thread reuses; PUT overwrites a blob of the
 * thread's own. The fast-path client's pooled data buffer is the payload size (at least 16 KiB): the driver
 * pins the whole buffer for every request, so a larger buffer only costs pinning. Stale HTTP connections are
 * retried and counted ({@code staleRetries}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class EndToEndBenchmark {
    /** The smallest pooled data buffer: the client maps a buffer of its own per request below this. */
    static final int MIN_DATA_BUFFER_BYTES = 16 * 1024;

    /** How requests reach the store. */
    @Param({"fastpath", "fastpath-pump", "http"})
    public String path;

    /** Payload bytes. */
    @Param({"4096", "65536", "1048576"})
    public int sizeBytes;

    /** Blob devices (VMBus channels) the threads spread over; fast path only. */
    @Param({"1"})
    public int channels;

    private StorageEngine store;
    private FastPathStack fastPath;
    private HttpStack http;
    private BlobTarget[] targets;
    private byte[] payload;
    private String readBlob;

    /**
     * Builds the store, preloads it, starts the chosen path and checks it returns the stored bytes.
     *
     * @param params the run's parameters (for the thread count)
     */
    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) {
        store = StoreSetup.newStore();
        StoreSetup.preload(store, new int[] {sizeBytes}, params.getThreads());
        payload = BlobWorkload.payload(sizeBytes);
        readBlob = BlobWorkload.readBlob(sizeBytes);
        switch (path) {
            case "fastpath", "fastpath-pump" -> {
                final boolean pump = "fastpath-pump".equals(path);
                if (pump && params.getThreads() != 1) {
                    throw new IllegalArgumentException("path=fastpath-pump runs one thread only, not "
                            + params.getThreads());
                }
                final int perChannel = (params.getThreads() + channels - 1) / channels;
                fastPath = FastPathStack.start(store, pump ? FastPathStack.Scheduling.PUMP
                        : FastPathStack.Scheduling.THREADED, channels, perChannel,
                        Math.max(MIN_DATA_BUFFER_BYTES, sizeBytes));
                targets = new BlobTarget[channels];
                for (int i = 0; i < channels; i++) {
                    targets[i] = fastPath.channel(i);
                }
            }
            case "http" -> {
                if (channels != 1) {
                    throw new IllegalArgumentException("path=http has one endpoint, not " + channels + " channels");
                }
                http = HttpStack.start(store);
                targets = new BlobTarget[] {http};
            }
            default -> throw new IllegalArgumentException("path=" + path
                    + " (expected: fastpath, fastpath-pump or http)");
        }
        for (final BlobTarget t : targets) {
            StoreSetup.verify(t, sizeBytes);
        }
        // The suite asks for this where JMH's own warm-up ends before the JIT does (JitWarmUp): one thread, the
        // benchmark's own operation on the first channel; thread 0's PUT blob, which its PUTs overwrite anyway.
        final int prewarmSeconds = Integer.getInteger(JitWarmUp.MAX_SECONDS_PROPERTY, 0);
        final ByteBuffer into = ByteBuffer.allocate(sizeBytes);
        final String writeBlob = BlobWorkload.writeBlob(sizeBytes, 0);
        JitWarmUp.untilQuiet(path, prewarmSeconds, params.getBenchmark().endsWith(".put")
                ? () -> targets[0].put(writeBlob, payload, BlobTarget.RetryListener.IGNORE)
                : () -> targets[0].get(readBlob, into.clear(), BlobTarget.RetryListener.IGNORE));
    }

    /** Stops the path and the store. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Closeables.closeAll(fastPath, http, store);
    }

    /**
     * Reads the whole blob.
     *
     * @param client the calling thread's client
     * @return bytes read
     */
    @Benchmark
    public int get(final Client client) {
        return client.target.get(readBlob, client.buffer, client);
    }

    /**
     * Overwrites the thread's own blob.
     *
     * @param client the calling thread's client
     */
    @Benchmark
    public void put(final Client client) {
        client.target.put(client.writeBlob, payload, client);
    }

    /**
     * One benchmark thread's client: its channel, its GET buffer, its PUT blob, and its count of HTTP requests
     * sent again after a stale pooled connection (reported as {@code staleRetries}, 0 on the fast path).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Client implements BlobTarget.RetryListener {
        /** Requests sent again in this iteration. */
        public long staleRetries;

        private BlobTarget target;
        private ByteBuffer buffer;
        private String writeBlob;

        /**
         * Picks the thread's channel and blob.
         *
         * @param bench  the shared state
         * @param thread which thread this is
         */
        @Setup(Level.Trial)
        public void setUp(final EndToEndBenchmark bench, final ThreadParams thread) {
            target = bench.targets[thread.getThreadIndex() % bench.targets.length];
            buffer = ByteBuffer.allocate(bench.sizeBytes);
            writeBlob = BlobWorkload.writeBlob(bench.sizeBytes, thread.getThreadIndex());
        }

        /** Starts each iteration's count at zero. */
        @Setup(Level.Iteration)
        public void resetCount() {
            staleRetries = 0;
        }

        @Override
        public void retried() {
            staleRetries++;
        }
    }
}

package org.vmbussim.bench.e2e;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.vmbussim.azblob.client.FastPathBlobClient;
import org.vmbussim.azblob.client.FastPathBlobContainerClient;
import org.vmbussim.azblob.client.FastPathBlobServiceClient;
import org.vmbussim.azblob.client.FastPathTransport;
import org.vmbussim.azblob.client.FastPathTransportOptions;
import org.vmbussim.azblob.client.UploadOptions;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.ThreadedScheduler;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;

/**
 * The whole fast path, ready to drive: a simulated Azure VM whose Azure Blob driver (VSC) has bound one or more
 * blob devices (one VMBus channel each), the host's provider (VSP) serving them from a {@link BlobBackend},
 * and one guest process with a {@link FastPathBlobServiceClient} per device. Each request goes client library →
 * ioctl → VSC → ring → VSP → backend → completion → VSC → client.
 *
 * <p><b>Scheduling.</b> {@link Scheduling#THREADED}: guest and host run on real threads (a
 * {@link ThreadedScheduler} plus the provider's workers), any number of caller threads may send; a request
 * crosses threads as it would cross CPUs. {@link Scheduling#PUMP}: the bed's deterministic scheduler runs the
 * guest and the host on the calling thread while it waits, so only the thread that built the stack may send
 * and one request is in flight at a time; it measures the software path without thread hand-offs.
 */
public final class FastPathStack implements AutoCloseable {
    /** How the guest and the host get CPU time. */
    public enum Scheduling {
        /** Real threads: a scheduler with two workers plus the provider's worker threads. */
        THREADED,
        /** Everything on the calling thread, pumped while it waits (one request in flight). */
        PUMP
    }

    /** Guest scheduler threads in {@link Scheduling#THREADED} mode (the machine's two cores). */
    public static final int SCHEDULER_THREADS = 2;
    /** Provider worker threads in {@link Scheduling#THREADED} mode. */
    public static final int PROVIDER_WORKERS = 2;

    private static final long CLOSE_TIMEOUT_SECONDS = 5;
    private static final int HEAD_BUFFER_PAGES = 6;

    private final ThreadedScheduler scheduler;
    private final AzureBlobTestBed bed;
    private final SimProcess process;
    private final List<FastPathBlobServiceClient> services = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    private FastPathStack(final BlobBackend backend, final Scheduling scheduling, final int channelCount,
            final int maxInFlight, final int dataBufferBytes) {
        this.scheduler = scheduling == Scheduling.THREADED ? new ThreadedScheduler("bench-vmbus", SCHEDULER_THREADS)
                : null;
        final FastPathTransportOptions transport = FastPathTransportOptions.defaults()
                .withDataBufferBytes(dataBufferBytes).withMaxInFlight(maxInFlight)
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30));
        // Guest RAM: every channel's buffer sets (data buffer plus head buffers) and room for rings and the rest.
        final long setPages = dataBufferBytes / FastPathTransportOptions.PAGE_BYTES + HEAD_BUFFER_PAGES;
        final int memoryPages = (int) Math.max(65_536, 2 * setPages * maxInFlight * channelCount + 16_384);
        final AzureBlobTestBed.Builder builder = AzureBlobTestBed.builder().backend(backend).devices(channelCount)
                .memoryPages(memoryPages).vpciShadow(false);
        if (scheduler != null) {
            builder.scheduler(scheduler).providerWorkers(PROVIDER_WORKERS);
        }
        AzureBlobTestBed built = null;
        try {
            built = builder.build();
            this.bed = built;
            this.process = bed.spawnProcess();
            for (int i = 0; i < channelCount; i++) {
                final FastPathBlobServiceClient service = FastPathBlobServiceClient.builder()
                        .devfs(bed.vm().devfs()).process(process).devicePath(bed.devicePaths().get(i))
                        .accountName(BlobWorkload.ACCOUNT).accountKey(BlobWorkload.ACCOUNT_KEY)
                        .transportOptions(transport).build();
                services.add(service);
                channels.add(new Channel(service));
            }
        } catch (final RuntimeException e) {
            closeQuietly(built);
            throw e;
        }
    }

    /**
     * Builds a VM serving a backend (the caller closes the backend).
     *
     * @param backend     the host's store
     * @param scheduling  threads or the calling thread
     * @param channels    blob devices, one VMBus channel each (at least 1)
     * @param maxInFlight requests in flight per channel (buffer sets of each client)
     * @param dataBufferBytes size of each pooled data buffer: the largest payload one request carries (a page
     *                        multiple); the driver pins the whole buffer for every request, so it should fit the
     *                        payloads rather than exceed them
     * @return the stack
     */
    public static FastPathStack start(final BlobBackend backend, final Scheduling scheduling, final int channels,
            final int maxInFlight, final int dataBufferBytes) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(scheduling, "scheduling");
        if (channels < 1 || maxInFlight < 1 || dataBufferBytes < FastPathTransportOptions.PAGE_BYTES) {
            throw new IllegalArgumentException("channels=" + channels + " maxInFlight=" + maxInFlight
                    + " dataBufferBytes=" + dataBufferBytes + " (expected: >= 1, >= 1, >= one page)");
        }
        return new FastPathStack(backend, scheduling, channels, maxInFlight, dataBufferBytes);
    }

    /**
     * Channel {@code index} as a target.
     *
     * @param index which device
     * @return the target
     */
    public Channel channel(final int index) {
        return channels.get(index);
    }

    /**
     * The blob devices (channels).
     *
     * @return how many
     */
    public int channelCount() {
        return channels.size();
    }

    /**
     * Requests the VSC sent on all channels so far (a check that a benchmark really went through the ring).
     *
     * @return the count
     */
    public long requestsSubmitted() {
        return bed.devices().stream().mapToLong(d -> d.statistics().requestsSubmitted()).sum();
    }

    /** Closes the clients, the VM and the threads (each bounded). */
    @Override
    public void close() {
        try {
            for (final FastPathBlobServiceClient s : services) {
                s.close();
            }
        } finally {
            try {
                bed.close();
            } finally {
                if (scheduler != null) {
                    scheduler.shutdown(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            }
        }
    }

    private void closeQuietly(final AzureBlobTestBed built) {
        try {
            if (built != null) {
                built.close();
            }
        } finally {
            if (scheduler != null) {
                scheduler.shutdown(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** One blob device through the fast-path client library. */
    public static final class Channel implements BlobTarget {
        private static final UploadOptions OVERWRITE = UploadOptions.defaults();

        private final FastPathBlobServiceClient service;
        private final FastPathBlobContainerClient container;

        private Channel(final FastPathBlobServiceClient service) {
            this.service = service;
            this.container = service.getBlobContainerClient(BlobWorkload.CONTAINER);
        }

        /**
         * The transport under the client (to carry the Azure SDK's requests on the same device).
         *
         * @return the open transport
         */
        public FastPathTransport transport() {
            return service.transport();
        }

        /**
         * The container client (for setup: create the container, preload blobs).
         *
         * @return the client
         */
        public FastPathBlobContainerClient container() {
            return container;
        }

        /** Downloads with one ranged GET (the client's first read) into the caller's buffer; never retries. */
        @Override
        public int get(final String blob, final ByteBuffer into, final RetryListener onRetry) {
            into.clear();
            return (int) container.getBlobClient(blob).downloadTo(into);
        }

        /** Uploads with one Put Blob (payloads up to the data buffer); never retries. */
        @Override
        public void put(final String blob, final byte[] data, final RetryListener onRetry) {
            final FastPathBlobClient client = container.getBlobClient(blob);
            client.upload(ByteBuffer.wrap(data), OVERWRITE);
        }

        @Override
        public String toString() {
            return "fast path, container " + container.name();
        }
    }
}

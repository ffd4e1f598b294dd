package org.vmbussim.azblob.client;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.http.HttpHeadCodec;
import org.vmbussim.azblob.vsp.http.HttpHeadException;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.devfs.FileOperations;
import org.vmbussim.core.devfs.OpenFile;
import org.vmbussim.core.process.Access;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.core.process.PinnedBuffer;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.MemoryAccessException;
import org.vmbussim.wire.MemoryRegion;

/**
 * TEST DOUBLE, not the real stack: a blob device node whose ioctl runs the request in-process on a host
 * {@link BlobBackend}, with no VMBus, VSC or VSP in between. It stands in for the guest driver plus the host
 * provider so the client can be tested alone, and it keeps to their contract byte for byte: it reads the
 * {@code az_blob_request_sync} from the caller's address space, checks it as the seed driver does
 * ({@code EINVAL} for empty head buffers, {@code data_valid > data_len}, buffers over
 * {@code AZ_BLOB_MAX_PAGES} pages), pins the three buffers with the right direction, parses the request head
 * with the host's {@link HttpHeadCodec}, and answers per docs/fastpath-protocol.md: head into the response
 * buffer, body into the data buffer, {@code EMSGSIZE} with the sizes needed and nothing written when either
 * does not fit, the errno of a refused head or a failed backend otherwise. Only the 8-byte {@code response}
 * member is copied back, as the driver's {@code copy_to_user} does.
 *
 * <p>{@link OpenFile#submit} runs the request on the device's own threads, so asynchronous submissions really
 * overlap. Tests can inject failures ({@link #failNextCompletions}, {@link #failNextCalls}) and read what
 * the host reported ({@link #completionLengths()}, {@link #maxConcurrent()}).
 */
public final class InProcessBlobDevice implements FileOperations, AutoCloseable {
    private static final int PAGE = 4096;

    private final BlobBackend backend;
    private final HttpHeadCodec codec = HttpHeadCodec.withDefaults();
    private final ExecutorService submissions;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger messageTooLong = new AtomicInteger();
    private final AtomicInteger openFiles = new AtomicInteger();
    private final AtomicInteger failCompletions = new AtomicInteger();
    private final AtomicInteger failCalls = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Errno completionFailure = Errno.ETIMEDOUT;
    private volatile Errno callFailure = Errno.EINTR;
    /** Completion {@code length} values, in completion order; guarded by itself. */
    private final List<Long> lengths = new ArrayList<>();

    /**
     * A device over a backend (not closed by the device).
     *
     * @param backend       runs the requests
     * @param submitThreads threads running asynchronous submissions
     */
    public InProcessBlobDevice(final BlobBackend backend, final int submitThreads) {
        this.backend = Objects.requireNonNull(backend, "backend");
        final AtomicInteger n = new AtomicInteger();
        this.submissions = Executors.newFixedThreadPool(submitThreads, r -> {
            final Thread t = new Thread(r, "in-process-blob-device-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers the node as the driver would ({@code azure_blob}, numbered when taken).
     *
     * @param devfs the guest's devfs
     * @return the node's path
     */
    public String register(final Devfs devfs) {
        return devfs.register("azure_blob", this);
    }

    @Override
    public OpenFile open(final SimProcess opener, final int flags) {
        openFiles.incrementAndGet();
        return new OpenFile() {
            @Override
            public long ioctl(final SimProcess caller, final int command, final long arg) {
                return handle(caller, command, arg);
            }

            @Override
            public CompletableFuture<Long> submit(final SimProcess caller, final int command, final long arg) {
                try {
                    return CompletableFuture.supplyAsync(() -> handle(caller, command, arg), submissions);
                } catch (final RejectedExecutionException e) {
                    return CompletableFuture.failedFuture(new ErrnoException(Errno.ENODEV, "device closed"));
                }
            }

            @Override
            public void release() {
                openFiles.decrementAndGet();
            }
        };
    }

    /**
     * The next {@code count} requests are completed by the "host" with this errno, nothing written.
     *
     * @param count requests
     * @param errno the host's error
     */
    public void failNextCompletions(final int count, final Errno errno) {
        completionFailure = errno;
        failCompletions.set(count);
    }

    /**
     * The next {@code count} ioctl calls fail in the "driver" with this errno.
     *
     * @param count calls
     * @param errno the driver's error
     */
    public void failNextCalls(final int count, final Errno errno) {
        callFailure = errno;
        failCalls.set(count);
    }

    /** Holds every request before it is served until {@link #resume()} (or 10 s pass). */
    public void pause() {
        gate = new CountDownLatch(1);
    }

    /** Lets held requests and later ones through. */
    public void resume() {
        gate.countDown();
    }

    /**
     * Requests being served now (held ones included).
     *
     * @return the count
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Requests run so far (each EMSGSIZE retry counts).
     *
     * @return the count
     */
    public int requests() {
        return requests.get();
    }

    /**
     * Most requests seen running at once.
     *
     * @return the high-water mark
     */
    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    /**
     * EMSGSIZE answers given.
     *
     * @return the count
     */
    public int messageTooLongAnswers() {
        return messageTooLong.get();
    }

    /**
     * Files open now.
     *
     * @return the count
     */
    public int openFiles() {
        return openFiles.get();
    }

    /**
     * The completion {@code length} of every request so far: body bytes written, or needed with EMSGSIZE.
     *
     * @return a snapshot, in completion order
     */
    public List<Long> completionLengths() {
        synchronized (lengths) {
            return new ArrayList<>(lengths);
        }
    }

    /** Stops the submission threads (bounded wait). */
    @Override
    public void close() {
        submissions.shutdownNow();
        try {
            if (!submissions.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("device threads did not stop");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long handle(final SimProcess caller, final int command, final long arg) {
        if (command != Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST) {
            throw new ErrnoException(Errno.ENOTTY, "command 0x" + Integer.toHexString(command));
        }
        if (failCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ErrnoException(callFailure, "injected driver failure");
        }
        final AddressSpace space = caller.addressSpace();
        final AzBlobRequestSync req;
        try {
            req = AzBlobRequestSync.read(space, arg);
        } catch (final MemoryAccessException e) {
            throw new ErrnoException(Errno.EFAULT, "struct not readable", e);
        }
        final long requestLen = Integer.toUnsignedLong(req.requestLen());
        final long responseLen = Integer.toUnsignedLong(req.responseLen());
        final long dataLen = Integer.toUnsignedLong(req.dataLen());
        final long dataValid = Integer.toUnsignedLong(req.dataValid());
        final long cap = (long) AzBlobProtocol.AZ_BLOB_MAX_PAGES * PAGE;
        if (requestLen == 0 || responseLen == 0 || (dataLen != 0 && dataLen < dataValid)
                || requestLen > cap || responseLen > cap || dataLen > cap) {
            throw new ErrnoException(Errno.EINVAL, "bad lengths: " + req);
        }
        final List<PinnedBuffer> pins = new ArrayList<>(3);
        final int running = inFlight.incrementAndGet();
        maxConcurrent.accumulateAndGet(running, Math::max);
        try {
            final PinnedBuffer request = pin(pins, space, req.requestBuffer(), requestLen, Access.HOST_READS);
            final PinnedBuffer response = pin(pins, space, req.responseBuffer(), responseLen, Access.HOST_WRITES);
            final PinnedBuffer data = dataLen == 0 ? null : pin(pins, space, req.dataBuffer(), dataLen,
                    Access.HOST_WRITES);
            final long pages = pins.stream().mapToLong(PinnedBuffer::pageCount).sum();
            if (pages > AzBlobProtocol.AZ_BLOB_MAX_PAGES) {
                throw new ErrnoException(Errno.EINVAL, pages + " pages pinned (expected: <= "
                        + AzBlobProtocol.AZ_BLOB_MAX_PAGES + ")");
            }
            requests.incrementAndGet();
            awaitGate();
            final long[] completion = serve(request.hostView(), requestLen, response.hostView(), responseLen,
                    data == null ? null : data.hostView(), dataLen, dataValid);
            synchronized (lengths) {
                lengths.add(completion[2]);
            }
            try {
                AzBlobRequestSync.writeResponse(space, arg, (int) completion[0], (int) completion[1]);
            } catch (final MemoryAccessException e) {
                throw new ErrnoException(Errno.EFAULT, "response not writable", e);
            }
            return 0;
        } finally {
            pins.forEach(PinnedBuffer::close);
            inFlight.decrementAndGet();
        }
    }

    private void awaitGate() {
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new ErrnoException(Errno.ETIMEDOUT, "paused device was not resumed");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException(Errno.EINTR, "interrupted while paused", e);
        }
    }

    private static PinnedBuffer pin(final List<PinnedBuffer> pins, final AddressSpace space, final long va,
            final long length, final Access access) {
        final PinnedBuffer pinned = space.pin(va, length, access);
        pins.add(pinned);
        return pinned;
    }

    /** Runs one request as the host provider would; returns {status, response_len, length}. */
    private long[] serve(final MemoryRegion requestView, final long requestLen, final MemoryRegion responseView,
            final long responseCapacity, final MemoryRegion dataView, final long dataCapacity, final long dataValid) {
        if (failCompletions.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new long[] {completionFailure.value(), 0, 0};
        }
        final byte[] head = requestView.getBytes(0, (int) requestLen);
        final byte[] body = dataValid == 0 ? new byte[0] : dataView.getBytes(0, (int) dataValid);
        final BlobRequest request;
        try {
            request = codec.parseRequest(ByteBuffer.wrap(head), ByteBuffer.wrap(body));
        } catch (final HttpHeadException e) {
            return new long[] {e.errno().value(), 0, 0};
        }
        final BlobOutcome outcome = backend.execute(request, dataCapacity);
        if (outcome instanceof BlobOutcome.Failed failed) {
            return new long[] {failed.errno().value(), 0, 0};
        }
        final BlobResponse response;
        final long bodyNeeded;
        if (outcome instanceof BlobOutcome.BodyTooLarge tooLarge) {
            response = tooLarge.head();
            bodyNeeded = tooLarge.bodyBytesNeeded();
        } else {
            response = ((BlobOutcome.Completed) outcome).response();
            bodyNeeded = response.bodyLength();
        }
        final byte[] responseHead = codec.encodeResponseHead(response);
        if (responseHead.length > responseCapacity || bodyNeeded > dataCapacity
                || outcome instanceof BlobOutcome.BodyTooLarge) {
            messageTooLong.incrementAndGet();
            return new long[] {Errno.EMSGSIZE.value(), responseHead.length, bodyNeeded};
        }
        responseView.putBytes(0, responseHead);
        if (bodyNeeded > 0) {
            dataView.putBytes(0, response.bodyBytes());
        }
        return new long[] {0, responseHead.length, bodyNeeded};
    }
}

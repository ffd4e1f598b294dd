package org.vmbussim.azblob.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.devfs.FileHandle;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Ioctl;

/**
 * The fast path as a simulated guest process uses it: an open blob device node and pooled buffers in the
 * process's memory. {@link #exchange} carries one HTTP-shaped request with the synchronous ioctl
 * ({@code IOCTL_AZ_BLOB_DRIVER_USER_REQUEST}); {@link #exchangeAsync} with the device's asynchronous
 * submission. Buffer contents follow docs/fastpath-protocol.md; the head is sent exactly as given (this class
 * neither adds nor signs fields; {@link FastPathBlobServiceClient} does that for its own requests).
 *
 * <p><b>Threads.</b> Thread-safe: up to {@link FastPathTransportOptions#maxInFlight()} requests run at once,
 * each in its own buffer set; more wait (bounded) for a set. The transport starts no threads. An
 * asynchronous exchange takes its buffer set on the calling thread (it may wait there) and finishes on the
 * thread that completes the device's future; an {@code EMSGSIZE} retry is submitted from that thread too.
 *
 * <p><b>Failed calls.</b> When the ioctl itself fails (the driver's errno: timeout, interrupt, removal), the
 * host may still own the buffers, so that buffer set is unmapped instead of reused.
 */
public final class FastPathTransport implements AutoCloseable {
    /** The node the Azure Blob driver registers first. */
    public static final String DEFAULT_DEVICE_PATH = Devfs.DEV + "azure_blob";
    /** The ioctl command. */
    public static final int IOCTL_USER_REQUEST = Ioctl.IOCTL_AZ_BLOB_DRIVER_USER_REQUEST;

    private static final Logger LOG = LoggerFactory.getLogger(FastPathTransport.class);

    private final SimProcess process;
    private final FileHandle handle;
    private final FastPathTransportOptions options;
    private final BufferPool pool;

    private FastPathTransport(final SimProcess process, final FileHandle handle,
            final FastPathTransportOptions options) {
        this.process = process;
        this.handle = handle;
        this.options = options;
        this.pool = new BufferPool(process.addressSpace(), options);
    }

    /**
     * Opens a blob device node as a process.
     *
     * @param devfs      the guest's device file system
     * @param process    the process (task) that opens the node and whose memory holds the buffers
     * @param devicePath e.g. {@link #DEFAULT_DEVICE_PATH}
     * @param options    sizes and limits
     * @return the transport
     * @throws BlobFastPathException with the errno of a failed open (ENOENT for no such node)
     */
    public static FastPathTransport open(final Devfs devfs, final SimProcess process, final String devicePath,
            final FastPathTransportOptions options) {
        Objects.requireNonNull(devfs, "devfs");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(devicePath, "devicePath");
        Objects.requireNonNull(options, "options");
        try {
            return new FastPathTransport(process, devfs.open(process, devicePath, OpenFlags.O_RDWR), options);
        } catch (final ErrnoException e) {
            throw BlobFastPathException.notCarried(e.errno(), "open " + devicePath + ": " + e.getMessage(), e);
        }
    }

    /**
     * The largest request or response body one exchange can carry ({@link FastPathTransportOptions#MAX_BODY_BYTES}).
     *
     * @return bytes
     */
    public static int maxBodyBytes() {
        return FastPathTransportOptions.MAX_BODY_BYTES;
    }

    /**
     * The options.
     *
     * @return the options
     */
    public FastPathTransportOptions options() {
        return options;
    }

    /**
     * The process whose memory and descriptor the transport uses.
     *
     * @return the task
     */
    public SimProcess process() {
        return process;
    }

    /**
     * The device node opened.
     *
     * @return its path
     */
    public String devicePath() {
        return handle.path();
    }

    /**
     * Whether the transport is open.
     *
     * @return true until {@link #close()} (or the process's exit)
     */
    public boolean isOpen() {
        return handle.isOpen();
    }

    /**
     * Carries one request with the synchronous ioctl, resending idempotent ones whose response did not fit.
     *
     * @param request the request
     * @return the response (any HTTP status)
     * @throws BlobFastPathException when the request could not be carried (see {@link BlobFastPathException#errno()})
     */
    public FastPathResponse exchange(final FastPathRequest request) {
        return exchange(request, null);
    }

    /**
     * {@link #exchange(FastPathRequest)}, reading a 2xx response body that fits straight into the caller's
     * buffer (the response's body is then a view of it).
     *
     * @param request         the request
     * @param bodyDestination where the body goes, or null for a new array
     * @return the response
     */
    FastPathResponse exchange(final FastPathRequest request, final BodyDestination bodyDestination) {
        Objects.requireNonNull(request, "request");
        requireOpen();
        final BufferSet set = pool.acquire();
        boolean reusable = true;
        try (Exchange exchange = new Exchange(request, set, options, bodyDestination)) {
            while (true) {
                exchange.prepare();
                Errno ioctlErrno = null;
                try {
                    handle.ioctl(process, IOCTL_USER_REQUEST, exchange.structVa());
                } catch (final ErrnoException e) {
                    if (e.errno() != Errno.EMSGSIZE) {
                        reusable = false;
                        throw BlobFastPathException.notCarried(e.errno(), exchange.describe() + ": ioctl failed: "
                                + e.getMessage(), e);
                    }
                    ioctlErrno = Errno.EMSGSIZE;
                }
                final FastPathResponse response = exchange.complete(ioctlErrno);
                if (response != null) {
                    return response;
                }
            }
        } finally {
            giveBack(set, reusable);
        }
    }

    /**
     * Carries one request with the device's asynchronous submission. Waiting for a free buffer set happens
     * on the calling thread; everything after the submission happens on the thread completing it.
     *
     * @param request the request
     * @return a future completing with the response, or exceptionally with a {@link BlobFastPathException}
     */
    public CompletableFuture<FastPathResponse> exchangeAsync(final FastPathRequest request) {
        Objects.requireNonNull(request, "request");
        final BufferSet set;
        try {
            requireOpen();
            set = pool.acquire();
        } catch (final BlobFastPathException e) {
            return CompletableFuture.failedFuture(e);
        }
        final Exchange exchange;
        try {
            exchange = new Exchange(request, set, options, null);
        } catch (final RuntimeException e) {
            giveBack(set, true);
            return CompletableFuture.failedFuture(e);
        }
        final CompletableFuture<FastPathResponse> result = new CompletableFuture<>();
        submit(exchange, set, result);
        return result;
    }

    private void submit(final Exchange exchange, final BufferSet set,
            final CompletableFuture<FastPathResponse> result) {
        final CompletableFuture<Long> submitted;
        try {
            exchange.prepare();
            submitted = handle.submit(process, IOCTL_USER_REQUEST, exchange.structVa());
        } catch (final RuntimeException e) {
            finish(exchange, set, result, null, e, true);
            return;
        }
        submitted.whenComplete((rc, failure) -> onCompletion(exchange, set, result, failure));
    }

    private void onCompletion(final Exchange exchange, final BufferSet set,
            final CompletableFuture<FastPathResponse> result, final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        Errno ioctlErrno = null;
        if (cause instanceof ErrnoException e && e.errno() == Errno.EMSGSIZE) {
            ioctlErrno = Errno.EMSGSIZE;
        } else if (cause != null) {
            final Errno errno = cause instanceof ErrnoException e ? e.errno() : Errno.EIO;
            finish(exchange, set, result, null, BlobFastPathException.notCarried(errno, exchange.describe()
                    + ": submission failed: " + cause.getMessage(), cause), false);
            return;
        }
        final FastPathResponse response;
        try {
            response = exchange.complete(ioctlErrno);
        } catch (final RuntimeException e) {
            finish(exchange, set, result, null, e, true);
            return;
        }
        if (response == null) {
            submit(exchange, set, result);
        } else {
            finish(exchange, set, result, response, null, true);
        }
    }

    private void finish(final Exchange exchange, final BufferSet set, final CompletableFuture<FastPathResponse> result,
            final FastPathResponse response, final Throwable failure, final boolean reusable) {
        try {
            exchange.close();
        } catch (final RuntimeException e) {
            LOG.debug("unmapping a request's own data buffer failed", e);
        }
        giveBack(set, reusable);
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(response);
        }
    }

    private void requireOpen() {
        if (!handle.isOpen()) {
            throw BlobFastPathException.notCarried(Errno.EBADF, handle.path() + ": the transport is closed"
                    + (process.isAlive() ? "" : " (its process exited)"), null);
        }
    }

    private void giveBack(final BufferSet set, final boolean reusable) {
        if (reusable) {
            pool.release(set);
        } else {
            pool.discard(set);
        }
    }

    /**
     * Buffer sets mapped now (idle or in use); for tests and diagnostics.
     *
     * @return the count
     */
    public int mappedBufferSets() {
        return pool.mappedSets();
    }

    /** Closes the device handle and unmaps idle buffers; requests in flight unmap theirs when they end. */
    @Override
    public void close() {
        handle.close();
        pool.close();
    }
}

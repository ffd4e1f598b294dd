package org.vmbussim.azblob.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.uapi.Errno;

/**
 * One block blob, shaped like the Azure SDK's {@code BlobClient}: upload (one Put Blob, or Put Block in
 * parallel plus Put Block List for data larger than one transfer), download (whole, a range, into a
 * {@link ByteBuffer} or an {@link OutputStream}), properties, metadata, HTTP headers, delete, and conditions
 * on the ETag. Thread-safe.
 *
 * <p><b>Large downloads.</b> Every read is a ranged GET sized to the transport's data buffer
 * ({@link FastPathTransportOptions#dataBufferBytes()}): the first answers the blob's size and ETag, the rest
 * run up to {@link FastPathTransportOptions#maxInFlight()} at a time with {@code If-Match} on that ETag, so
 * a blob changed mid-download fails with 412 instead of mixing versions. Chunks are delivered in order.
 */
public final class FastPathBlobClient {
    /** Most blocks in one block list (the service's limit). */
    public static final int MAX_BLOCKS = 50_000;

    private final FastPathBlobServiceClient service;
    private final FastPathBlobContainerClient container;
    private final String name;
    /** The request target of this blob without a query: the service's path prefix and the blob's path. */
    private final String resourceTarget;

    FastPathBlobClient(final FastPathBlobServiceClient service, final FastPathBlobContainerClient container,
            final String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("blob name must not be empty");
        }
        this.service = service;
        this.container = container;
        this.name = name;
        // Once per client, not per call.
        this.resourceTarget = service.pathPrefix() + container.path() + "/" + BlobCall.encode(name, true);
    }

    /**
     * The blob name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The container's name.
     *
     * @return the container
     */
    public String containerName() {
        return container.name();
    }

    private BlobCall call(final String method) {
        return BlobCall.forTarget(service, method, resourceTarget);
    }

    private FastPathTransportOptions transportOptions() {
        return service.transport().options();
    }

    // ---------------------------------------------------------------- upload

    /**
     * Uploads a new blob; fails when it exists.
     *
     * @param data the content
     * @return the new ETag and time
     * @throws BlobFastPathException 409 {@code BlobAlreadyExists} when the blob exists
     */
    public BlobWriteResult upload(final byte[] data) {
        return upload(data, false);
    }

    /**
     * Uploads a blob.
     *
     * @param data      the content
     * @param overwrite whether an existing blob is replaced (else 409 {@code BlobAlreadyExists})
     * @return the new ETag and time
     */
    public BlobWriteResult upload(final byte[] data, final boolean overwrite) {
        final UploadOptions options = overwrite ? UploadOptions.defaults()
                : UploadOptions.defaults().withConditions(BlobRequestConditions.ifNoneMatch("*"));
        return upload(ByteBuffer.wrap(data), options);
    }

    /**
     * Uploads a blob: one Put Blob up to the options' single-upload size, else blocks in parallel.
     *
     * @param data    the content, position to limit (not consumed)
     * @param options properties, metadata, conditions and block settings
     * @return the new ETag and time
     */
    public BlobWriteResult upload(final ByteBuffer data, final UploadOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        final int single = options.maxSingleUploadBytes() == 0 ? transportOptions().dataBufferBytes()
                : options.maxSingleUploadBytes();
        if (data.remaining() <= single) {
            return BlobWriteResult.of(call("PUT").header("x-ms-blob-type", "BlockBlob")
                    .httpHeaders(options.httpHeaders()).metadata(options.metadata())
                    .conditions(options.conditions()).body(data).expect(201));
        }
        return uploadBlocks(data.duplicate(), options);
    }

    private BlobWriteResult uploadBlocks(final ByteBuffer data, final UploadOptions options) {
        final int blockSize = options.blockSizeBytes() == 0 ? transportOptions().dataBufferBytes()
                : options.blockSizeBytes();
        final long blocks = (data.remaining() + (long) blockSize - 1) / blockSize;
        if (blocks > MAX_BLOCKS) {
            throw new IllegalArgumentException(data.remaining() + " bytes in blocks of " + blockSize + " is "
                    + blocks + " blocks, more than " + MAX_BLOCKS);
        }
        final int parallelism = Math.min(options.parallelism() == 0 ? Integer.MAX_VALUE : options.parallelism(),
                transportOptions().maxInFlight());
        // Every id of one blob must have the same length: a random upload tag and a fixed-width index.
        final String tag = String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong());
        final List<String> ids = new ArrayList<>((int) blocks);
        final InFlight window = new InFlight(transportOptions());
        final int start = data.position();
        try {
            for (int i = 0; i < blocks; i++) {
                final String id = Base64.getEncoder().encodeToString(String.format(Locale.ROOT, "%s-%06d", tag, i)
                        .getBytes(StandardCharsets.US_ASCII));
                ids.add(id);
                final int from = start + i * blockSize;
                final ByteBuffer block = data.duplicate();
                block.position(from).limit((int) Math.min((long) from + blockSize, data.limit()));
                final BlobCall put = call("PUT").query("comp", "block").query("blockid", id).body(block.slice());
                window.add(put, put.sendAsync());
                if (window.size() >= parallelism) {
                    window.awaitOldest(201);
                }
            }
            while (window.size() > 0) {
                window.awaitOldest(201);
            }
        } catch (final RuntimeException e) {
            window.drainQuietly();
            throw e;
        }
        final StringBuilder xml = new StringBuilder(64 + 48 * ids.size())
                .append("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        for (final String id : ids) {
            xml.append("<Latest>").append(id).append("</Latest>");
        }
        xml.append("</BlockList>");
        return BlobWriteResult.of(call("PUT").query("comp", "blocklist").httpHeaders(options.httpHeaders())
                .metadata(options.metadata()).conditions(options.conditions())
                .header("Content-Type", "application/xml")
                .body(ByteBuffer.wrap(xml.toString().getBytes(StandardCharsets.UTF_8))).expect(201));
    }

    // ---------------------------------------------------------------- download

    /**
     * Downloads the whole blob.
     *
     * @return the content
     * @throws BlobFastPathException 404 {@code BlobNotFound}, ...
     */
    public byte[] downloadContent() {
        return downloadContent(BlobRequestConditions.none());
    }

    /**
     * Downloads the whole blob under conditions.
     *
     * @param conditions e.g. If-None-Match (304 when it matches)
     * @return the content
     */
    public byte[] downloadContent(final BlobRequestConditions conditions) {
        final ArraySink sink = new ArraySink();
        download(0, -1, conditions, sink);
        return sink.bytes;
    }

    /**
     * Downloads a range.
     *
     * @param offset first byte
     * @param count  bytes wanted (fewer when the blob ends first)
     * @return the bytes
     * @throws BlobFastPathException 416 {@code InvalidRange} when the offset is at or past the end
     */
    public byte[] downloadRange(final long offset, final long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count=" + count + " (expected: > 0)");
        }
        final ArraySink sink = new ArraySink();
        download(offset, count, BlobRequestConditions.none(), sink);
        return sink.bytes;
    }

    /**
     * Downloads the whole blob into a buffer, from its position. The first ranged GET asks for no more than the
     * buffer's remaining bytes and, for a writable heap buffer, is read straight into it from the process's
     * data buffer (no intermediate array). When the blob is too large the position does not move, though the
     * bytes after it may have been overwritten by that first range.
     *
     * @param destination the buffer
     * @return bytes written
     * @throws IllegalArgumentException when the blob is larger than {@code destination.remaining()}
     */
    public long downloadTo(final ByteBuffer destination) {
        Objects.requireNonNull(destination, "destination");
        final BodyDestination direct = destination.hasArray() && !destination.isReadOnly()
                ? new BodyDestination(destination) : null;
        return download(0, -1, BlobRequestConditions.none(), new RangeSink() {
            @Override
            public long capacity() {
                return destination.remaining();
            }

            @Override
            public BodyDestination destination() {
                return direct;
            }

            @Override
            public void acceptFilled(final int length) {
                destination.position(destination.position() + length);
            }

            @Override
            public void begin(final long length) {
                if (length > destination.remaining()) {
                    throw new IllegalArgumentException("blob of " + length + " bytes does not fit the "
                            + destination.remaining() + " bytes remaining in the destination");
                }
            }

            @Override
            public void accept(final ByteBuffer chunk) {
                destination.put(chunk);
            }
        });
    }

    /**
     * Downloads the whole blob into a stream.
     *
     * @param out the stream (not closed)
     * @return bytes written
     * @throws UncheckedIOException when the stream fails
     */
    public long downloadTo(final OutputStream out) {
        return download(out, 0, -1, BlobRequestConditions.none());
    }

    /**
     * Downloads a range into a stream.
     *
     * @param out        the stream (not closed)
     * @param offset     first byte
     * @param count      bytes wanted, or -1 for the rest of the blob
     * @param conditions conditions on the blob
     * @return bytes written
     * @throws UncheckedIOException when the stream fails
     */
    public long download(final OutputStream out, final long offset, final long count,
            final BlobRequestConditions conditions) {
        Objects.requireNonNull(out, "out");
        if (count == 0 || count < -1) {
            throw new IllegalArgumentException("count=" + count + " (expected: > 0, or -1 for the rest)");
        }
        return download(offset, count, conditions, new RangeSink() {
            @Override
            public void begin(final long length) {
                // a stream takes any length
            }

            @Override
            public void accept(final ByteBuffer chunk) {
                try {
                    if (chunk.hasArray()) {
                        out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
                    } else {
                        final byte[] copy = new byte[chunk.remaining()];
                        chunk.get(copy);
                        out.write(copy);
                    }
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** Receives a download in order: its length once, then the chunks. */
    private interface RangeSink {
        void begin(long length);

        void accept(ByteBuffer chunk);

        /** The most bytes it can take (sizes the first ranged GET, so little is pinned), or -1 for any. */
        default long capacity() {
            return -1;
        }

        /** Where the first response body may be read straight from guest memory, or null. */
        default BodyDestination destination() {
            return null;
        }

        /** The first chunk is already in place at the {@link #destination()}'s position: take it as received. */
        default void acceptFilled(final int length) {
            throw new IllegalStateException("no destination to fill");
        }
    }

    /** Collects a download in one array. */
    private static final class ArraySink implements RangeSink {
        private byte[] bytes;
        private int filled;

        @Override
        public void begin(final long length) {
            if (length > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("blob of " + length
                        + " bytes does not fit an array; download it into a stream");
            }
            bytes = new byte[(int) length];
        }

        @Override
        public void accept(final ByteBuffer chunk) {
            final int n = chunk.remaining();
            chunk.get(bytes, filled, n);
            filled += n;
        }
    }

    private long download(final long offset, final long count, final BlobRequestConditions conditions,
            final RangeSink sink) {
        Objects.requireNonNull(conditions, "conditions");
        if (offset < 0) {
            throw new IllegalArgumentException("offset=" + offset + " (expected: >= 0)");
        }
        final long chunk = transportOptions().dataBufferBytes();
        long firstLength = count < 0 ? chunk : Math.min(chunk, count);
        if (sink.capacity() >= 0) {
            // No need to ask for (and pin) more than the sink can take: a larger blob fails in begin() anyway.
            firstLength = Math.min(firstLength, Math.max(1, sink.capacity()));
        }
        final BlobCall first = rangeCall(offset, firstLength).conditions(conditions);
        final BodyDestination direct = sink.destination();
        final FastPathResponse r = first.send(direct);
        final boolean filled = direct != null && direct.filled();
        if (r.status() == 416 && offset == 0 && count < 0) {
            // An empty blob has no byte 0: read it whole (the Azure SDK does the same).
            final FastPathResponse whole = call("GET").conditions(conditions).expect(200);
            sink.begin(whole.bodyLength());
            sink.accept(whole.body());
            return whole.bodyLength();
        }
        first.check(r, 200, 206);
        final long total;
        if (r.status() == 200) {
            // The host served the whole blob (it may ignore a Range it does not support).
            total = r.bodyLength();
            final long end = count < 0 ? total : Math.min(total, offset + count);
            final long length = Math.max(0, end - offset);
            sink.begin(length);
            if (filled && offset == 0) {
                sink.acceptFilled((int) length);
                return length;
            }
            final ByteBuffer body = r.body();
            body.position((int) Math.min(offset, total)).limit((int) (Math.min(offset, total) + length));
            sink.accept(body);
            return length;
        }
        total = checkContentRange(first, r, offset, r.bodyLength());
        final long end = count < 0 ? total : Math.min(total, offset + count);
        sink.begin(end - offset);
        if (filled) {
            sink.acceptFilled(r.bodyLength());
        } else {
            sink.accept(r.body());
        }
        long next = offset + r.bodyLength();
        if (next >= end) {
            return end - offset;
        }
        final BlobRequestConditions sameVersion = BlobRequestConditions.ifMatch(r.header("ETag"));
        final InFlight window = new InFlight(transportOptions());
        try {
            while (next < end || window.size() > 0) {
                while (next < end && window.size() < transportOptions().maxInFlight()) {
                    final long length = Math.min(chunk, end - next);
                    final BlobCall call = rangeCall(next, length).conditions(sameVersion);
                    window.add(call, call.sendAsync(), next);
                    next += length;
                }
                final InFlight.Done done = window.awaitOldestResponse(206);
                checkContentRange(done.call(), done.response(), done.offset(), done.response().bodyLength());
                sink.accept(done.response().body());
            }
        } catch (final RuntimeException e) {
            window.drainQuietly();
            throw e;
        }
        return end - offset;
    }

    private BlobCall rangeCall(final long offset, final long length) {
        return call("GET").header("x-ms-range", "bytes=" + offset + "-" + (offset + length - 1))
                .responseBodyHint(length);
    }

    /** Validates {@code Content-Range: bytes s-e/total} against what was asked and carried; returns total. */
    private static long checkContentRange(final BlobCall call, final FastPathResponse r, final long offset,
            final long bodyLength) {
        final String range = r.header("Content-Range");
        try {
            if (range == null || !range.startsWith("bytes ")) {
                throw new NumberFormatException("missing");
            }
            final int dash = range.indexOf('-');
            final int slash = range.indexOf('/');
            // Parsed in place (no substrings): each number as Long.parseLong(substring(...).trim()) reads it.
            final long start = parseTrimmedLong(range, 6, dash);
            final long last = parseTrimmedLong(range, dash + 1, slash);
            final long total = parseTrimmedLong(range, slash + 1, range.length());
            if (start != offset || last - start + 1 != bodyLength || last >= total) {
                throw new NumberFormatException("inconsistent");
            }
            return total;
        } catch (final NumberFormatException | IndexOutOfBoundsException e) {
            throw BlobFastPathException.notCarried(Errno.EPROTO, call.describe() + ": Content-Range \"" + range
                    + "\" does not match offset " + offset + " and " + bodyLength + " body bytes", e);
        }
    }

    /**
     * {@code Long.parseLong(text.substring(from, to).trim())} without the two strings.
     *
     * @throws IndexOutOfBoundsException when {@code [from, to)} is not inside the text
     * @throws NumberFormatException     when the trimmed part is not a decimal long
     */
    static long parseTrimmedLong(final String text, final int from, final int to) {
        Objects.checkFromToIndex(from, to, text.length());
        int begin = from;
        int end = to;
        while (begin < end && text.charAt(begin) <= ' ') {
            begin++;
        }
        while (end > begin && text.charAt(end - 1) <= ' ') {
            end--;
        }
        if (begin == end) {
            throw new NumberFormatException("empty number");
        }
        return Long.parseLong(text, begin, end, 10);
    }

    // ---------------------------------------------------------------- properties

    /**
     * Get Blob Properties.
     *
     * @return the properties
     * @throws BlobFastPathException 404 {@code BlobNotFound}
     */
    public BlobProperties getProperties() {
        return getProperties(BlobRequestConditions.none());
    }

    /**
     * Get Blob Properties under conditions.
     *
     * @param conditions the conditions (If-None-Match hit: 304)
     * @return the properties
     */
    public BlobProperties getProperties(final BlobRequestConditions conditions) {
        final FastPathResponse r = call("HEAD").conditions(conditions).expect(200);
        final HttpFields h = r.headers();
        final String length = h.first("Content-Length");
        return new BlobProperties(length == null ? 0 : Long.parseLong(length.trim()),
                new BlobHttpHeaders(h.first("Content-Type"), h.first("Content-Encoding"), h.first("Content-Language"),
                        h.first("Cache-Control"), h.first("Content-Disposition"), h.first("Content-MD5")),
                h.first("ETag"), BlobXml.httpDate(h.first("Last-Modified")),
                BlobXml.httpDate(h.first("x-ms-creation-time")), h.first("x-ms-blob-type"), metadataOf(h));
    }

    /**
     * Whether the blob exists.
     *
     * @return true when it does
     */
    public boolean exists() {
        return call("HEAD").expectOrNotFound(200);
    }

    /**
     * Set Blob Metadata: replaces all metadata.
     *
     * @param metadata   the new metadata (names: C# identifiers)
     * @param conditions the conditions
     * @return the new ETag and time
     */
    public BlobWriteResult setMetadata(final Map<String, String> metadata, final BlobRequestConditions conditions) {
        return BlobWriteResult.of(call("PUT").query("comp", "metadata").metadata(metadata).conditions(conditions)
                .expect(200));
    }

    /**
     * Set Blob Properties: replaces every stored HTTP property (a null one is cleared).
     *
     * @param headers    the properties
     * @param conditions the conditions
     * @return the new ETag and time
     */
    public BlobWriteResult setHttpHeaders(final BlobHttpHeaders headers, final BlobRequestConditions conditions) {
        return BlobWriteResult.of(call("PUT").query("comp", "properties").httpHeaders(headers).conditions(conditions)
                .expect(200));
    }

    /**
     * Deletes the blob.
     *
     * @throws BlobFastPathException 404 {@code BlobNotFound}
     */
    public void delete() {
        delete(BlobRequestConditions.none());
    }

    /**
     * Deletes the blob under conditions.
     *
     * @param conditions the conditions (412 when they fail)
     */
    public void delete(final BlobRequestConditions conditions) {
        call("DELETE").conditions(conditions).expect(202);
    }

    /**
     * Deletes the blob if it exists.
     *
     * @return true when this call deleted it
     */
    public boolean deleteIfExists() {
        return call("DELETE").expectOrNotFound(202);
    }

    /** The {@code x-ms-meta-*} fields, prefix removed, in order. */
    static Map<String, String> metadataOf(final HttpFields headers) {
        final Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            final String n = headers.name(i);
            if (n.length() > 10 && n.regionMatches(true, 0, "x-ms-meta-", 0, 10)) {
                metadata.put(n.substring(10), headers.value(i));
            }
        }
        return metadata;
    }
}

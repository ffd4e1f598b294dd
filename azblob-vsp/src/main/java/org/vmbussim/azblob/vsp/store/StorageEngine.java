package org.vmbussim.azblob.vsp.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.protocol.RepeatedDecimal;
import org.vmbussim.azblob.protocol.RequestIds;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.store.file.FilePersistence;
import org.vmbussim.uapi.Errno;

/**
 * The Blob service semantics, once, over any {@link BlobPersistence}: the in-memory backend and the
 * durable file store are this engine over {@link MemoryPersistence} and {@link FilePersistence}.
 *
 * <p>Serves path-style requests {@code /{account}/{container}[/{blob}]}: containers (create, get
 * properties via GET or HEAD, set metadata, delete, list blobs with prefix, delimiter, marker,
 * maxresults and include=metadata), block blobs (Put Blob, Put Block, Put Block List, Get Block List,
 * Get Blob with Range / x-ms-range, HEAD, Set Metadata, Set Properties, Delete), conditional headers,
 * transactional Content-MD5, blob and container leases (Lease Blob, Lease Container and the lease
 * conditions of reads, writes and deletes, see {@link BlobLeases}; expiry and break periods follow the
 * options' clock), SharedKey verification, and the Blob service's error responses ({@code x-ms-error-code},
 * XML body, none on HEAD or 304). Not served: page and append blobs, snapshots, SAS, tags, copy, tiers.
 *
 * <p>Thread-safety: requests on one blob are serialised by a striped lock; container creation and
 * deletion exclude everything in the store (a read-write lock), so a blob is never written into a
 * container being deleted. Every acknowledged write has been committed by the persistence.
 */
public final class StorageEngine implements BlobBackend {
    private static final Logger LOG = LoggerFactory.getLogger(StorageEngine.class);
    private static final String API_VERSION = AzBlobProtocol.BLOB_SERVICE_VERSION;
    private static final String META_PREFIX = "x-ms-meta-";
    private static final Pattern METADATA_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final int LOCK_STRIPES = 64;
    private static final int MAX_BLOCK_LIST_ENTRIES = 50_000;
    private static final int MAX_UNCOMMITTED_BLOCKS = 100_000;
    private static final int MAX_BLOCK_ID_BYTES = 64;
    private static final int MAX_LIST_RESULTS = 5000;
    /** Idle MD5 digests kept: one per PUT running at once, beyond which they are dropped. */
    private static final int MD5_POOL_SIZE = 8;

    private final BlobPersistence persistence;
    private final StorageOptions options;
    private final ReentrantReadWriteLock containersLock = new ReentrantReadWriteLock();
    private final ReentrantLock[] blobLocks = new ReentrantLock[LOCK_STRIPES];
    private final AtomicLong lastEtag = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The Date, Last-Modified and creation-time texts of recent seconds, shared by every response. */
    private final HttpDateCache dates = new HttpDateCache();
    /** This engine's request id maker (its scratch is per thread, so workers running requests side by side
     * never share one). */
    private final RequestIds requestIds = new RequestIds();
    /** The Content-Length texts of responses (the last length's string while lengths repeat); the engine's, so a
     * hit tells a guest through timing at most that the last response had the same length. */
    private final RepeatedDecimal contentLengths = new RepeatedDecimal();
    /** The last query-less request target parsed, by identity ({@link #resourcePath}). */
    private volatile ParsedTarget lastTarget;
    /** The ETag the last blob read answered with, quoted ({@link #quotedForRead}). */
    private volatile QuotedEtag lastReadEtag;
    /**
     * Idle MD5 digests, one taken per PUT: {@code MessageDigest.getInstance} per request costs a provider
     * look-up, and a pooled digest also keeps the scratch array it reads a read-only body through, and the
     * arrays of its Base64 text ({@link Md5Scratch}).
     */
    private final BlockingQueue<Md5Scratch> idleMd5s = new ArrayBlockingQueue<>(MD5_POOL_SIZE);

    /**
     * An engine over a persistence; the engine owns and closes it.
     *
     * @param persistence where data lives
     * @param options the settings
     */
    public StorageEngine(final BlobPersistence persistence, final StorageOptions options) {
        if (persistence == null || options == null) {
            throw new IllegalArgumentException("persistence and options are required");
        }
        this.persistence = persistence;
        this.options = options;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            blobLocks[i] = new ReentrantLock();
        }
    }

    /**
     * An in-memory store with the default options (SharedKey for devstoreaccount1 on).
     *
     * @return the backend
     */
    public static StorageEngine inMemory() {
        return inMemory(StorageOptions.defaults());
    }

    /**
     * An in-memory store.
     *
     * @param options the settings
     * @return the backend
     */
    public static StorageEngine inMemory(final StorageOptions options) {
        return new StorageEngine(new MemoryPersistence(), options);
    }

    /**
     * A durable store in a directory (created when missing; its previous content is recovered).
     *
     * @param directory the store's directory
     * @param options the settings
     * @return the backend
     * @throws UncheckedIOException when the directory cannot be opened or recovered
     */
    public static StorageEngine fileStore(final Path directory, final StorageOptions options) {
        try {
            return new StorageEngine(FilePersistence.open(directory), options);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open file store " + directory, e);
        }
    }

    /**
     * The settings.
     *
     * @return the options
     */
    public StorageOptions options() {
        return options;
    }

    @Override
    public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
        if (bodyCapacityBytes < 0) {
            throw new IllegalArgumentException("bodyCapacityBytes must be >= 0: " + bodyCapacityBytes);
        }
        if (closed.get()) {
            return new BlobOutcome.Failed(Errno.ENODEV, "storage engine is closed");
        }
        final Exchange ex = new Exchange(request, bodyCapacityBytes);
        BlobOutcome outcome;
        try {
            outcome = dispatch(ex);
        } catch (final StorageException e) {
            outcome = new BlobOutcome.Completed(ex.error(e));
        } catch (final IOException | RuntimeException e) {
            LOG.warn("request {} {} failed in the store", request.method(), request.rawPath(), e);
            outcome = new BlobOutcome.Completed(ex.error(StorageErrors.internalError()));
        }
        if (outcome instanceof BlobOutcome.Completed c) {
            // The usual response fits: the outcome as it is, not a second Completed around the same response.
            return c.response().bodyLength() <= bodyCapacityBytes ? c
                    : BlobOutcome.fitting(c.response(), bodyCapacityBytes);
        }
        return outcome;
    }

    /**
     * Drops uncommitted blocks older than the configured lifetime in every container (Azure garbage
     * collects them after 7 days). Blocks are also expired lazily whenever their blob is touched.
     *
     * @throws UncheckedIOException when the persistence fails
     */
    public void expireUncommittedBlocks() {
        final Instant boundary = options.clock().instant().minus(options.uncommittedBlockTtl());
        containersLock.readLock().lock();
        try {
            for (final String container : persistence.containerNames()) {
                for (final String blob : persistence.blobsWithUncommittedBlocks(container)) {
                    final ReentrantLock lock = blobLock(container, blob);
                    lock.lock();
                    try {
                        persistence.expireBlocks(container, blob, boundary);
                    } finally {
                        lock.unlock();
                    }
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            containersLock.readLock().unlock();
        }
    }

    /** Blocks exactly when its persistence does: the in-memory engine never waits on I/O. */
    @Override
    public boolean mayBlock() {
        return persistence.mayBlock();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            containersLock.writeLock().lock();
            try {
                persistence.close();
            } finally {
                containersLock.writeLock().unlock();
            }
        }
    }

    // ---------------------------------------------------------------- dispatch

    private BlobOutcome dispatch(final Exchange ex) throws StorageException, IOException {
        final String method = ex.request.method();
        if (!("GET".equals(method) || "HEAD".equals(method) || "PUT".equals(method) || "DELETE".equals(method))) {
            throw StorageErrors.unsupportedVerb();
        }
        final ResourcePath path = resourcePath(ex.request);
        if (!options.account().equals(path.account())) {
            throw StorageErrors.resourceNotFound();
        }
        if (options.credential() != null && !options.credential().verify(ex.request)) {
            throw StorageErrors.authorizationFailure();
        }
        if (path.container() == null) {
            throw StorageErrors.invalidQueryParameter(null, null);
        }
        final String comp = path.param("comp");
        if (path.blob() == null) {
            if (!"container".equals(path.param("restype"))) {
                throw StorageErrors.invalidQueryParameter("restype", String.valueOf(path.param("restype")));
            }
            return container(ex, path, method, comp);
        }
        final ReentrantLock lock = blobLock(path.container(), path.blob());
        containersLock.readLock().lock();
        lock.lock();
        try {
            return blob(ex, path, method, comp);
        } finally {
            lock.unlock();
            containersLock.readLock().unlock();
        }
    }

    private BlobOutcome container(final Exchange ex, final ResourcePath path, final String method,
                                  final String comp) throws StorageException, IOException {
        if (comp == null) {
            switch (method) {
                case "PUT":
                    return createContainer(ex, path);
                case "DELETE":
                    return deleteContainer(ex, path);
                default:
                    return containerProperties(ex, path);
            }
        }
        if ("list".equals(comp) && "GET".equals(method)) {
            containersLock.readLock().lock();
            try {
                return listBlobs(ex, path);
            } finally {
                containersLock.readLock().unlock();
            }
        }
        if ("metadata".equals(comp)) {
            return "PUT".equals(method) ? setContainerMetadata(ex, path) : containerProperties(ex, path);
        }
        if ("lease".equals(comp) && "PUT".equals(method)) {
            return leaseContainer(ex, path);
        }
        throw StorageErrors.invalidQueryParameter("comp", comp);
    }

    private BlobOutcome blob(final Exchange ex, final ResourcePath path, final String method, final String comp)
            throws StorageException, IOException {
        if (comp == null) {
            return switch (method) {
                case "PUT" -> putBlob(ex, path);
                case "DELETE" -> deleteBlob(ex, path);
                default -> getBlob(ex, path);
            };
        }
        switch (comp) {
            case "block":
                if ("PUT".equals(method)) {
                    return putBlock(ex, path);
                }
                break;
            case "blocklist":
                if ("PUT".equals(method)) {
                    return putBlockList(ex, path);
                }
                if (!"DELETE".equals(method)) {
                    return getBlockList(ex, path);
                }
                break;
            case "metadata":
                if ("PUT".equals(method)) {
                    return setBlobMetadata(ex, path);
                }
                if (!"DELETE".equals(method)) {
                    return getBlob(ex, path);
                }
                break;
            case "properties":
                if ("PUT".equals(method)) {
                    return setBlobProperties(ex, path);
                }
                break;
            case "lease":
                if ("PUT".equals(method)) {
                    return leaseBlob(ex, path);
                }
                break;
            default:
                break;
        }
        throw StorageErrors.invalidQueryParameter("comp", comp);
    }

    // ---------------------------------------------------------------- containers

    private BlobOutcome createContainer(final Exchange ex, final ResourcePath path)
            throws StorageException, IOException {
        final Map<String, String> metadata = metadata(ex.request.headers());
        containersLock.writeLock().lock();
        try {
            if (persistence.container(path.container()) != null) {
                throw StorageErrors.containerAlreadyExists();
            }
            final ContainerRecord c = new ContainerRecord(path.container(), metadata, nextEtag(), now());
            persistence.putContainer(c);
            return ex.ok(201, "Created", etagHeaders(c.etag(), c.lastModified()));
        } finally {
            containersLock.writeLock().unlock();
        }
    }

    private BlobOutcome deleteContainer(final Exchange ex, final ResourcePath path)
            throws StorageException, IOException {
        containersLock.writeLock().lock();
        try {
            final ContainerRecord c = requireContainer(path.container());
            Conditions.of(ex.request.headers()).checkWrite(true, c.etag(), c.lastModified());
            BlobLeases.checkWrite(BlobLeases.Holder.CONTAINER, c.lease().at(now()), ex.request.headers());
            persistence.deleteContainer(path.container());
            return ex.ok(202, "Accepted", HttpFields.builder());
        } finally {
            containersLock.writeLock().unlock();
        }
    }

    private BlobOutcome containerProperties(final Exchange ex, final ResourcePath path) throws StorageException {
        final ContainerRecord c = requireContainer(path.container());
        final BlobLease lease = c.lease().at(now());
        BlobLeases.checkRead(BlobLeases.Holder.CONTAINER, lease, ex.request.headers());
        final HttpFields.Builder h = etagHeaders(c.etag(), c.lastModified());
        addMetadata(h, c.metadata());
        BlobLeases.addHeaders(h, lease);
        h.add("x-ms-has-immutability-policy", "false").add("x-ms-has-legal-hold", "false");
        return ex.ok(200, "OK", h);
    }

    private BlobOutcome setContainerMetadata(final Exchange ex, final ResourcePath path)
            throws StorageException, IOException {
        final Map<String, String> metadata = metadata(ex.request.headers());
        containersLock.writeLock().lock();
        try {
            final ContainerRecord c = requireContainer(path.container());
            BlobLeases.checkRead(BlobLeases.Holder.CONTAINER, c.lease().at(now()), ex.request.headers());
            final ContainerRecord updated = new ContainerRecord(c.name(), metadata, nextEtag(), now(), c.lease());
            persistence.putContainer(updated);
            return ex.ok(200, "OK", etagHeaders(updated.etag(), updated.lastModified()));
        } finally {
            containersLock.writeLock().unlock();
        }
    }

    /** Lease Container: as Lease Blob, on the container's record, excluding every other container change. */
    private BlobOutcome leaseContainer(final Exchange ex, final ResourcePath path)
            throws StorageException, IOException {
        containersLock.writeLock().lock();
        try {
            final ContainerRecord c = requireContainer(path.container());
            Conditions.of(ex.request.headers()).checkWrite(true, c.etag(), c.lastModified());
            final BlobLeases.Outcome o = BlobLeases.execute(ex.request.headers(), c.lease(), now());
            if (!o.lease().equals(c.lease())) {
                persistence.putContainer(c.withLease(o.lease()));
            }
            return leaseResponse(ex, o, c.etag(), c.lastModified());
        } finally {
            containersLock.writeLock().unlock();
        }
    }

    private BlobOutcome listBlobs(final Exchange ex, final ResourcePath path) throws StorageException {
        requireContainer(path.container());
        int maxResults = MAX_LIST_RESULTS;
        final String max = path.param("maxresults");
        if (max != null) {
            try {
                maxResults = Integer.parseInt(max);
            } catch (final NumberFormatException e) {
                throw StorageErrors.invalidQueryParameter("maxresults", max);
            }
            if (maxResults < 1) {
                throw StorageErrors.outOfRangeQueryParameter("maxresults", max);
            }
            maxResults = Math.min(maxResults, MAX_LIST_RESULTS);
        }
        final String include = path.param("include");
        boolean includeMetadata = false;
        if (include != null) {
            for (final String item : include.split(",")) {
                includeMetadata |= "metadata".equalsIgnoreCase(item.trim());
            }
        }
        final String marker = path.param("marker");
        final ListBlobsXml.Query q = new ListBlobsXml.Query(path.param("prefix"), path.param("delimiter"),
                marker, maxResults, includeMetadata);
        final String host = ex.request.headers().first("Host");
        final String endpoint = "http://" + (host == null ? "localhost" : host.trim()) + "/" + options.account();
        final String xml = ListBlobsXml.render(persistence.blobsAfter(path.container(), marker), q, endpoint,
                path.container(), now());
        return ex.ok(200, "OK", HttpFields.builder().add("Content-Type", "application/xml"),
                xml.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- blobs

    private BlobOutcome putBlob(final Exchange ex, final ResourcePath path) throws StorageException, IOException {
        final HttpFields h = ex.request.headers();
        final String blobType = h.first("x-ms-blob-type");
        if (blobType == null) {
            throw StorageErrors.missingRequiredHeader("x-ms-blob-type");
        }
        if (!"BlockBlob".equals(blobType.trim())) {
            throw StorageErrors.invalidHeaderValue("x-ms-blob-type", blobType);
        }
        if (ex.request.bodyLength() > options.maxBlobBytes()) {
            throw StorageErrors.requestBodyTooLarge();
        }
        final String md5 = checkTransactionalMd5(ex.request);
        requireContainer(path.container());
        final BlobRecord old = persistence.blob(path.container(), path.blob());
        final Conditions cond = Conditions.of(h);
        checkWrite(cond, old);
        if (old != null && cond.ifNoneMatchStar()) {
            throw StorageErrors.blobAlreadyExists();
        }
        final BlobLease lease = checkWriteLease(h, old);
        final String storedMd5 = h.first("x-ms-blob-content-md5") != null ? h.first("x-ms-blob-content-md5") : md5;
        final BlobProperties props = new BlobProperties(
                firstOf(h, "x-ms-blob-content-type", "Content-Type", BlobProperties.DEFAULT_CONTENT_TYPE),
                firstOf(h, "x-ms-blob-content-encoding", "Content-Encoding", null),
                firstOf(h, "x-ms-blob-content-language", "Content-Language", null),
                storedMd5,
                firstOf(h, "x-ms-blob-cache-control", "Cache-Control", null),
                h.first("x-ms-blob-content-disposition"));
        final Instant now = now();
        final BlobRecord blob = new BlobRecord(path.container(), path.blob(), ex.request.bodyLength(), nextEtag(),
                old == null ? now : old.created(), now, props, metadata(h), List.of(), lease);
        final byte[] owned = ex.request.ownedBodyArray();
        if (owned != null) {
            persistence.adoptBlob(blob, owned); // the request's own copy becomes the content: no second copy
        } else {
            persistence.putBlob(blob, ex.request.body());
        }
        return ex.ok(201, "Created", etagHeaders(blob.etag(), blob.lastModified())
                .add("Content-MD5", md5).add("x-ms-request-server-encrypted", "true"));
    }

    private BlobOutcome putBlock(final Exchange ex, final ResourcePath path) throws StorageException, IOException {
        final String blockId = path.param("blockid");
        validateBlockId(blockId);
        if (ex.request.bodyLength() > options.maxBlockBytes()) {
            throw StorageErrors.requestBodyTooLarge();
        }
        checkTransactionalMd5(ex.request);
        requireContainer(path.container());
        final BlobRecord committed = persistence.blob(path.container(), path.blob());
        if (committed != null) {
            // A blob with no committed version has no lease (as in Azurite); a leased one needs its id.
            checkWriteLease(ex.request.headers(), committed);
        }
        expireBlocks(path);
        final List<UncommittedBlock> existing = persistence.uncommittedBlocks(path.container(), path.blob());
        if (existing.size() >= MAX_UNCOMMITTED_BLOCKS
                && existing.stream().noneMatch(b -> b.blockId().equals(blockId))) {
            throw StorageErrors.blockCountExceedsLimit();
        }
        persistence.putBlock(path.container(), path.blob(),
                new UncommittedBlock(blockId, ex.request.bodyLength(), now()), ex.request.body());
        return ex.ok(201, "Created", HttpFields.builder().add("x-ms-request-server-encrypted", "true"));
    }

    private static void validateBlockId(final String blockId) throws StorageException {
        if (blockId == null || blockId.isEmpty()) {
            throw StorageErrors.invalidQueryParameter("blockid", blockId == null ? "" : blockId);
        }
        final byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(blockId);
        } catch (final IllegalArgumentException e) {
            throw StorageErrors.invalidQueryParameter("blockid", blockId);
        }
        if (decoded.length == 0 || decoded.length > MAX_BLOCK_ID_BYTES) {
            throw StorageErrors.invalidQueryParameter("blockid", blockId);
        }
    }

    private BlobOutcome putBlockList(final Exchange ex, final ResourcePath path)
            throws StorageException, IOException {
        final HttpFields h = ex.request.headers();
        checkTransactionalMd5(ex.request);
        requireContainer(path.container());
        final BlobRecord old = persistence.blob(path.container(), path.blob());
        final Conditions cond = Conditions.of(h);
        checkWrite(cond, old);
        if (old != null && cond.ifNoneMatchStar()) {
            throw StorageErrors.blobAlreadyExists();
        }
        final BlobLease lease = checkWriteLease(h, old);
        final List<BlockListXml.Entry> entries = BlockListXml.parse(ex.request.bodyBytes(), MAX_BLOCK_LIST_ENTRIES);
        expireBlocks(path);
        final Map<String, UncommittedBlock> uncommitted = new HashMap<>();
        persistence.uncommittedBlocks(path.container(), path.blob()).forEach(b -> uncommitted.put(b.blockId(), b));
        final Map<String, long[]> committed = new HashMap<>();
        if (old != null) {
            long offset = 0;
            for (final CommittedBlock b : old.blocks()) {
                committed.putIfAbsent(b.blockId(), new long[] {offset, b.size()});
                offset += b.size();
            }
        }
        final List<BlockSource> sources = new ArrayList<>(entries.size());
        final List<CommittedBlock> blocks = new ArrayList<>(entries.size());
        long size = 0;
        for (final BlockListXml.Entry e : entries) {
            final UncommittedBlock u = e.kind() == BlockListXml.Kind.COMMITTED ? null : uncommitted.get(e.blockId());
            final long[] c = e.kind() == BlockListXml.Kind.UNCOMMITTED ? null : committed.get(e.blockId());
            final BlockSource source;
            if (u != null) {
                source = new BlockSource(e.blockId(), u.size(), false, 0);
            } else if (c != null) {
                source = new BlockSource(e.blockId(), c[1], true, c[0]);
            } else {
                throw StorageErrors.invalidBlockList();
            }
            sources.add(source);
            blocks.add(new CommittedBlock(e.blockId(), source.size()));
            size += source.size();
            if (size > options.maxBlobBytes()) {
                throw StorageErrors.requestBodyTooLarge();
            }
        }
        final BlobProperties props = new BlobProperties(
                firstOf(h, "x-ms-blob-content-type", null, BlobProperties.DEFAULT_CONTENT_TYPE),
                h.first("x-ms-blob-content-encoding"), h.first("x-ms-blob-content-language"),
                h.first("x-ms-blob-content-md5"), h.first("x-ms-blob-cache-control"),
                h.first("x-ms-blob-content-disposition"));
        final Instant now = now();
        final BlobRecord blob = new BlobRecord(path.container(), path.blob(), size, nextEtag(),
                old == null ? now : old.created(), now, props, metadata(h), blocks, lease);
        persistence.commitBlocks(blob, sources);
        return ex.ok(201, "Created", etagHeaders(blob.etag(), blob.lastModified())
                .add("x-ms-request-server-encrypted", "true"));
    }

    private BlobOutcome getBlockList(final Exchange ex, final ResourcePath path) throws StorageException, IOException {
        final String type = path.param("blocklisttype") == null ? "committed"
                : path.param("blocklisttype").toLowerCase(Locale.ROOT);
        if (!("committed".equals(type) || "uncommitted".equals(type) || "all".equals(type))) {
            throw StorageErrors.invalidQueryParameter("blocklisttype", path.param("blocklisttype"));
        }
        requireContainer(path.container());
        expireBlocks(path);
        final BlobRecord blob = persistence.blob(path.container(), path.blob());
        final List<UncommittedBlock> uncommitted = persistence.uncommittedBlocks(path.container(), path.blob());
        if (blob == null && uncommitted.isEmpty()) {
            throw StorageErrors.blobNotFound();
        }
        final StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><BlockList>");
        final boolean showCommitted = !"uncommitted".equals(type) && blob != null && !blob.blocks().isEmpty();
        final boolean showUncommitted = !"committed".equals(type) && !uncommitted.isEmpty();
        sb.append(showCommitted ? "<CommittedBlocks>" : "<CommittedBlocks/>");
        if (showCommitted) {
            blob.blocks().forEach(b -> block(sb, b.blockId(), b.size()));
            sb.append("</CommittedBlocks>");
        }
        sb.append(showUncommitted ? "<UncommittedBlocks>" : "<UncommittedBlocks/>");
        if (showUncommitted) {
            uncommitted.forEach(b -> block(sb, b.blockId(), b.size()));
            sb.append("</UncommittedBlocks>");
        }
        sb.append("</BlockList>");
        final HttpFields.Builder h = blob == null ? HttpFields.builder()
                : etagHeaders(blob.etag(), blob.lastModified());
        h.add("Content-Type", "application/xml").add("x-ms-blob-content-length", String.valueOf(
                blob == null ? 0 : blob.size()));
        return ex.ok(200, "OK", h, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void block(final StringBuilder sb, final String id, final long size) {
        sb.append("<Block>");
        XmlText.element(sb, "Name", id);
        sb.append("<Size>").append(size).append("</Size></Block>");
    }

    private BlobOutcome getBlob(final Exchange ex, final ResourcePath path) throws StorageException, IOException {
        requireContainer(path.container());
        final BlobRecord blob = persistence.blob(path.container(), path.blob());
        Conditions.of(ex.request.headers()).checkRead(blob != null,
                blob == null ? null : blob.etag(), blob == null ? null : blob.lastModified());
        if (blob == null) {
            throw StorageErrors.blobNotFound();
        }
        final BlobLease lease = blob.lease().at(now());
        BlobLeases.checkRead(BlobLeases.Holder.BLOB, lease, ex.request.headers());
        final BlobProperties p = blob.properties();
        final HttpFields.Builder h = HttpFields.builder(2 + blobReadFields(blob, p, lease) + COMMON_RESPONSE_FIELDS)
                .add("ETag", quotedForRead(blob.etag())).add("Last-Modified", dates.format(blob.lastModified()));
        h.add("x-ms-creation-time", dates.format(blob.created()));
        addMetadata(h, blob.metadata());
        optionalHeader(h, "Content-Type", p.contentType());
        optionalHeader(h, "Content-Encoding", p.contentEncoding());
        optionalHeader(h, "Content-Language", p.contentLanguage());
        optionalHeader(h, "Cache-Control", p.cacheControl());
        optionalHeader(h, "Content-Disposition", p.contentDisposition());
        h.add("x-ms-blob-type", "BlockBlob");
        BlobLeases.addHeaders(h, lease);
        h.add("Accept-Ranges", "bytes").add("x-ms-server-encrypted", "true");
        if (ex.isHead()) {
            optionalHeader(h, "Content-MD5", p.contentMd5());
            h.add("x-ms-access-tier", "Hot").add("x-ms-access-tier-inferred", "true");
            h.add("Content-Length", String.valueOf(blob.size()));
            return ex.ok(200, "OK", h);
        }
        final long[] range = range(ex.request.headers(), blob.size());
        final long start = range == null ? 0 : range[0];
        final long count = range == null ? blob.size() : range[1] - range[0] + 1;
        if (range != null) {
            h.add("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + blob.size());
            optionalHeader(h, "x-ms-blob-content-md5", p.contentMd5());
        } else {
            optionalHeader(h, "Content-MD5", p.contentMd5());
        }
        final int status = range == null ? 200 : 206;
        final String reason = range == null ? "OK" : "Partial Content";
        if (count > ex.capacity) {
            // Known before reading: report the size without touching the content.
            h.add("Content-Length", String.valueOf(count));
            return new BlobOutcome.BodyTooLarge(ex.response(status, reason, h, null), count);
        }
        final ByteBuffer body = count == 0 ? ByteBuffer.allocate(0)
                : persistence.read(blob, start, Math.toIntExact(count));
        return new BlobOutcome.Completed(ex.response(status, reason, h, body));
    }

    /**
     * The requested range [first, last] clipped to the blob; null for the whole blob. Read by index over the
     * header value (what trim, substring and split would give, without making those strings).
     */
    private static long[] range(final HttpFields headers, final long size) throws StorageException {
        final String xmsRange = headers.first("x-ms-range");
        final String value = xmsRange != null ? xmsRange : headers.first("Range");
        if (value == null) {
            return null;
        }
        final int end = trimmedEnd(value, 0, value.length());
        final int start = trimmedStart(value, 0, end);
        if (!value.startsWith(BYTES_UNIT, start)) {
            return null;
        }
        final int spec = start + BYTES_UNIT.length();
        final int dash = value.indexOf('-', spec);
        if (dash < 0 || dash >= end || dash == spec || value.indexOf(',', spec) >= 0) {
            return null; // suffix ranges and multi-ranges are not served: the whole blob is returned
        }
        final long first;
        final long last;
        try {
            final int firstStart = trimmedStart(value, spec, dash);
            first = Long.parseLong(value, firstStart, trimmedEnd(value, firstStart, dash), 10); // "": NFE
            final int lastStart = trimmedStart(value, dash + 1, end);
            last = lastStart == end ? Long.MAX_VALUE : Long.parseLong(value, lastStart, end, 10);
        } catch (final NumberFormatException e) {
            return null; // RFC 9110 §14.2: an invalid range header is ignored
        }
        if (first < 0 || last < first) {
            return null;
        }
        if (first >= size) {
            throw StorageErrors.invalidRange(size);
        }
        return new long[] {first, Math.min(last, size - 1)};
    }

    /** The first index in [from, to) of a character above ' ' (String.trim's blank), else {@code to}. */
    private static int trimmedStart(final String text, final int from, final int to) {
        int i = from;
        while (i < to && text.charAt(i) <= ' ') {
            i++;
        }
        return i;
    }

    /** The index after the last character above ' ' in [from, to), else {@code from}. */
    private static int trimmedEnd(final String text, final int from, final int to) {
        int i = to;
        while (i > from && text.charAt(i - 1) <= ' ') {
            i--;
        }
        return i;
    }

    private BlobOutcome setBlobMetadata(final Exchange ex, final ResourcePath path)
            throws StorageException, IOException {
        final Map<String, String> metadata = metadata(ex.request.headers());
        final BlobRecord blob = existingBlobForWrite(ex, path);
        final BlobLease lease = checkWriteLease(ex.request.headers(), blob);
        final BlobRecord updated = blob.withAttributes(blob.properties(), metadata, nextEtag(), now())
                .withLease(lease);
        persistence.updateBlob(updated);
        return ex.ok(200, "OK", etagHeaders(updated.etag(), updated.lastModified())
                .add("x-ms-request-server-encrypted", "true"));
    }

    private BlobOutcome setBlobProperties(final Exchange ex, final ResourcePath path)
            throws StorageException, IOException {
        final HttpFields h = ex.request.headers();
        final BlobRecord blob = existingBlobForWrite(ex, path);
        final BlobLease lease = checkWriteLease(h, blob);
        // Set Blob Properties replaces every x-ms-blob-content-* property; an absent header clears it.
        final BlobProperties props = new BlobProperties(h.first("x-ms-blob-content-type"),
                h.first("x-ms-blob-content-encoding"), h.first("x-ms-blob-content-language"),
                h.first("x-ms-blob-content-md5"), h.first("x-ms-blob-cache-control"),
                h.first("x-ms-blob-content-disposition"));
        final BlobRecord updated = blob.withAttributes(props, blob.metadata(), nextEtag(), now()).withLease(lease);
        persistence.updateBlob(updated);
        return ex.ok(200, "OK", etagHeaders(updated.etag(), updated.lastModified()));
    }

    private BlobOutcome deleteBlob(final Exchange ex, final ResourcePath path) throws StorageException, IOException {
        final BlobRecord blob = existingBlobForWrite(ex, path);
        checkWriteLease(ex.request.headers(), blob);
        persistence.deleteBlob(path.container(), path.blob());
        return ex.ok(202, "Accepted", HttpFields.builder().add("x-ms-delete-type-permanent", "true"));
    }

    /** Lease Blob: the lease changes and is stored; the ETag and Last-Modified do not. */
    private BlobOutcome leaseBlob(final Exchange ex, final ResourcePath path) throws StorageException, IOException {
        final BlobRecord blob = existingBlobForWrite(ex, path);
        final BlobLeases.Outcome o = BlobLeases.execute(ex.request.headers(), blob.lease(), now());
        if (!o.lease().equals(blob.lease())) {
            persistence.updateBlob(blob.withLease(o.lease()));
        }
        return leaseResponse(ex, o, blob.etag(), blob.lastModified());
    }

    private BlobOutcome leaseResponse(final Exchange ex, final BlobLeases.Outcome o, final String etag,
                                             final Instant lastModified) {
        final HttpFields.Builder h = etagHeaders(etag, lastModified);
        if (o.leaseIdHeader() != null) {
            h.add(BlobLeases.LEASE_ID, o.leaseIdHeader());
        }
        if (o.leaseTimeSeconds() >= 0) {
            h.add("x-ms-lease-time", String.valueOf(o.leaseTimeSeconds()));
        }
        return ex.ok(o.status(), o.reason(), h);
    }

    // ---------------------------------------------------------------- helpers

    /** The blob a write names, after the container check and the write conditions; 404 when it is absent. */
    private BlobRecord existingBlobForWrite(final Exchange ex, final ResourcePath path) throws StorageException {
        requireContainer(path.container());
        final BlobRecord blob = persistence.blob(path.container(), path.blob());
        checkWrite(Conditions.of(ex.request.headers()), blob);
        if (blob == null) {
            throw StorageErrors.blobNotFound();
        }
        return blob;
    }

    /** The lease condition of a write on an existing blob or a new one; answers the lease the result keeps. */
    private BlobLease checkWriteLease(final HttpFields headers, final BlobRecord blob) throws StorageException {
        final BlobLease lease = blob == null ? BlobLease.NONE : blob.lease().at(now());
        BlobLeases.checkWrite(BlobLeases.Holder.BLOB, lease, headers);
        return BlobLeases.afterWrite(lease);
    }

    private static void checkWrite(final Conditions cond, final BlobRecord blob) throws StorageException {
        cond.checkWrite(blob != null, blob == null ? null : blob.etag(), blob == null ? null : blob.lastModified());
    }

    private void expireBlocks(final ResourcePath path) throws IOException {
        persistence.expireBlocks(path.container(), path.blob(),
                options.clock().instant().minus(options.uncommittedBlockTtl()));
    }

    private ContainerRecord requireContainer(final String name) throws StorageException {
        final ContainerRecord c = persistence.container(name);
        if (c == null) {
            throw StorageErrors.containerNotFound();
        }
        return c;
    }

    private ReentrantLock blobLock(final String container, final String blob) {
        final int h = (container.hashCode() * 31 + blob.hashCode()) & Integer.MAX_VALUE;
        return blobLocks[h % LOCK_STRIPES];
    }

    private Instant now() {
        return options.clock().instant();
    }

    /** A fresh ETag, strictly increasing for this engine, in the Blob service's {@code 0x...} form. */
    private String nextEtag() {
        final long base = options.clock().millis() * 10_000L;
        long previous;
        long value;
        do { // updateAndGet without its lambda (one object per write)
            previous = lastEtag.get();
            value = Math.max(previous + 1, base);
        } while (!lastEtag.compareAndSet(previous, value));
        return etagText(value);
    }

    /**
     * {@code 0x} and at least 15 upper-case hex digits, as {@code String.format("0x%015X")}, without a Formatter:
     * written digit by digit into one array (was a hex string, its upper-case copy, padding and a concatenation).
     */
    static String etagText(final long value) {
        final int significantDigits = value == 0 ? 1 : (Long.SIZE - Long.numberOfLeadingZeros(value) + 3) / 4;
        final int digits = Math.max(15, significantDigits);
        final byte[] text = new byte[2 + digits];
        text[0] = '0';
        text[1] = 'x';
        for (int i = 0; i < digits; i++) {
            final int nibble = (int) (value >>> (4 * (digits - 1 - i))) & 0xf;
            text[2 + i] = (byte) (nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** Verifies a transactional Content-MD5 when sent; answers the body's MD5 (Base64). */
    private String checkTransactionalMd5(final BlobRequest request) throws StorageException {
        Md5Scratch md5 = idleMd5s.poll();
        if (md5 == null) {
            md5 = new Md5Scratch();
        }
        final byte[] owned = request.ownedBodyArray();
        if (owned != null) {
            md5.digest.update(owned); // the array itself: no view of it, and no copy through a read-only view
        } else {
            md5.digest.update(request.body());
        }
        final String computed = md5.base64Digest(); // also resets the digest
        idleMd5s.offer(md5); // dropped when the pool is full; never offered half-updated
        final String sent = request.headers().first("Content-MD5");
        if (sent != null) {
            final byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(sent.trim());
            } catch (final IllegalArgumentException e) {
                throw StorageErrors.invalidMd5();
            }
            if (decoded.length != 16) {
                throw StorageErrors.invalidMd5();
            }
            if (!sent.trim().equals(computed)) {
                throw StorageErrors.md5Mismatch(sent.trim(), computed);
            }
        }
        return computed;
    }

    private static Map<String, String> metadata(final HttpFields headers) throws StorageException {
        Map<String, String> metadata = Map.of(); // the usual request has none: a map only once one is seen
        for (int i = 0; i < headers.size(); i++) {
            final String name = headers.name(i);
            if (name.length() > META_PREFIX.length() && name.regionMatches(true, 0, META_PREFIX, 0,
                    META_PREFIX.length())) {
                final String key = name.substring(META_PREFIX.length());
                if (!METADATA_NAME.matcher(key).matches()) {
                    throw new StorageException(400, "InvalidMetadata",
                            "The metadata specified is invalid. It has characters that are not permitted.");
                }
                if (metadata.isEmpty()) {
                    metadata = new LinkedHashMap<>();
                }
                metadata.put(key, headers.value(i).trim());
            }
        }
        return metadata;
    }

    private static void addMetadata(final HttpFields.Builder h, final Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return; // no lambda made for nothing to add
        }
        metadata.forEach((k, v) -> h.add(META_PREFIX + k, v));
    }

    private static void optionalHeader(final HttpFields.Builder h, final String name, final String value) {
        if (value != null && !value.isEmpty()) {
            h.add(name, value);
        }
    }

    private static String firstOf(final HttpFields h, final String name, final String fallbackName,
                                  final String defaultValue) {
        String v = h.first(name);
        if (v == null && fallbackName != null) {
            v = h.first(fallbackName);
        }
        return v == null ? defaultValue : v;
    }

    /**
     * The parsed resource of a request: the last request's when its target is the very same string object, else
     * parsed. A channel's head parser hands out the same string for a target its guest repeats
     * ({@code RepeatedValues}, one per channel), so a hit needs that channel's own string: another channel's equal
     * text is another object and parses anew. Keyed by identity, not by text, so whether a request hits depends on
     * its own channel's strings and never on comparing its text with another guest's. Only targets without a
     * query are remembered, whose {@link ResourcePath} is immutable throughout (strings and {@code Map.of()}); the
     * pair is immutable and replaced whole, read without a lock.
     */
    private ResourcePath resourcePath(final BlobRequest request) throws StorageException {
        final String target = request.target();
        final ParsedTarget last = lastTarget;
        if (last != null && last.target() == target) {
            return last.path();
        }
        final ResourcePath path = ResourcePath.parse(request, options.account());
        if (path.query().isEmpty() && target.indexOf('?') < 0) {
            lastTarget = new ParsedTarget(target, path);
        }
        return path;
    }

    /** A request target string and what it parsed to. */
    private record ParsedTarget(String target, ResourcePath path) {
    }

    /**
     * The ETag in quotes for a read (GET, HEAD) of a blob: the last read's string when it is the same ETag, as it
     * is whenever a blob is read again unchanged. The memo is one immutable pair replaced whole, read without a
     * lock (two reads racing at worst both quote); only equal text reuses the quoted form, which is a function of
     * it alone, so every response carries its own blob's ETag. Writes quote their new ETag as before and leave the
     * memo alone (a new pair per write would cost more than it saves). The memo is the engine's, shared by its
     * channels: through timing a hit tells a reader at most that the last blob read on this store was the same
     * version of the same blob, a blob every guest of the store's one account can read and see the ETag of.
     */
    private String quotedForRead(final String etag) {
        final QuotedEtag last = lastReadEtag;
        if (last != null && last.etag().equals(etag)) {
            return last.quoted();
        }
        final String quoted = "\"" + etag + "\"";
        lastReadEtag = new QuotedEtag(etag, quoted);
        return quoted;
    }

    /** An ETag and its quoted form. */
    private record QuotedEtag(String etag, String quoted) {
    }

    private HttpFields.Builder etagHeaders(final String etag, final Instant lastModified) {
        return etagHeaders(etag, lastModified, FEW_FIELDS);
    }

    /**
     * ETag and Last-Modified in a builder with room for {@code moreFields} more and the fields every response
     * gets ({@link Exchange#response}): one array of about the right size, not a default one grown half-way.
     */
    private HttpFields.Builder etagHeaders(final String etag, final Instant lastModified, final int moreFields) {
        return HttpFields.builder(2 + moreFields + COMMON_RESPONSE_FIELDS).add("ETag", "\"" + etag + "\"")
                .add("Last-Modified", dates.format(lastModified));
    }

    /** Fields {@link Exchange#response} adds to every response: request id, version, Date, Server, client
     * request id, Content-Length. */
    private static final int COMMON_RESPONSE_FIELDS = 6;
    /** The only range unit served. */
    private static final String BYTES_UNIT = "bytes=";
    /** Room for the fields of a response that adds a few of its own (the builder grows if there are more). */
    private static final int FEW_FIELDS = 4;
    /**
     * The fields a blob GET or HEAD adds after ETag and Last-Modified, at most: creation time, metadata, the
     * content properties that are set, blob type, the lease fields, Accept-Ranges, encryption, and up to
     * {@link #BLOB_READ_TAIL_FIELDS} more. Counted, not a fixed bound: the builder's array was the largest single
     * allocation of a small GET, and a fixed bound for every property left a third of it empty.
     */
    private static int blobReadFields(final BlobRecord blob, final BlobProperties p, final BlobLease lease) {
        return 1 + blob.metadata().size() + present(p.contentType()) + present(p.contentEncoding())
                + present(p.contentLanguage()) + present(p.cacheControl()) + present(p.contentDisposition()) + 1
                + (lease.state() == LeaseState.LEASED ? 3 : 2) + 2 + BLOB_READ_TAIL_FIELDS;
    }

    /** 1 when {@link #optionalHeader} adds a field for the value, else 0. */
    private static int present(final String value) {
        return value != null && !value.isEmpty() ? 1 : 0;
    }

    /** The most fields getBlob adds after Accept-Ranges and encryption: Content-MD5, the access tier (two) and
     * Content-Length on HEAD; Content-Range and the MD5, or Content-Length for a body too large, on GET. */
    private static final int BLOB_READ_TAIL_FIELDS = 4;

    /**
     * A pooled MD5 digest with the arrays its Base64 text is made in. Ownership: taken from {@link #idleMd5s} by
     * one request, used by it alone, offered back only after {@link #base64Digest} has reset the digest; the
     * arrays never leave it (the text is a new string, a copy of them), so the next request to take it cannot
     * change a value handed out before.
     */
    private static final class Md5Scratch {
        private static final int DIGEST_BYTES = 16;
        private final MessageDigest digest;
        private final byte[] raw = new byte[DIGEST_BYTES];
        /** Base64 of 16 bytes: 24 characters, padding included. */
        private final byte[] text = new byte[(DIGEST_BYTES + 2) / 3 * 4];

        Md5Scratch() {
            try {
                digest = MessageDigest.getInstance("MD5");
            } catch (final NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 unavailable", e);
            }
        }

        /** The Base64 text of the digest of what was fed in; resets the digest. */
        String base64Digest() {
            try {
                digest.digest(raw, 0, DIGEST_BYTES);
            } catch (final DigestException e) {
                throw new IllegalStateException("MD5 digest into a 16-byte array", e);
            }
            final int length = Base64.getEncoder().encode(raw, text);
            return new String(text, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    /** One request in flight: builds its responses with the common headers. */
    private final class Exchange {
        private final BlobRequest request;
        private final long capacity;
        private final String requestId = requestIds.serviceForm();
        private final Instant started = now();

        Exchange(final BlobRequest request, final long capacity) {
            this.request = request;
            this.capacity = capacity;
        }

        boolean isHead() {
            return "HEAD".equals(request.method());
        }

        BlobOutcome ok(final int status, final String reason, final HttpFields.Builder h) {
            return ok(status, reason, h, null);
        }

        BlobOutcome ok(final int status, final String reason, final HttpFields.Builder h, final byte[] body) {
            return new BlobOutcome.Completed(response(status, reason, h, body == null ? null : ByteBuffer.wrap(body)));
        }

        BlobResponse response(final int status, final String reason, final HttpFields.Builder h,
                              final ByteBuffer body) {
            final String version = request.headers().first("x-ms-version");
            h.add("x-ms-request-id", requestId).add("x-ms-version", version == null ? API_VERSION : version.trim())
                    .add("Date", dates.format(started)).add("Server", "vmbus-sim-blob");
            final String clientRequestId = request.headers().first("x-ms-client-request-id");
            if (clientRequestId != null) {
                h.add("x-ms-client-request-id", clientRequestId);
            }
            final ByteBuffer sent = isHead() ? null : body;
            if (!h.contains("Content-Length")) {
                h.add("Content-Length", contentLengths.text(sent == null ? 0 : sent.remaining()));
            }
            return new BlobResponse(status, reason, h.build(), sent);
        }

        BlobResponse error(final StorageException e) {
            final HttpFields.Builder h = HttpFields.builder().add("x-ms-error-code", e.code());
            e.extraHeaders().forEach(h::add);
            byte[] body = null;
            if (e.status() != 304 && !isHead()) {
                h.add("Content-Type", "application/xml");
                final StringBuilder sb = new StringBuilder(256);
                sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Error>\n  ");
                XmlText.element(sb, "Code", e.code()).append("\n  <Message>");
                XmlText.append(sb, e.getMessage()).append("\nRequestId:").append(requestId).append("\nTime:")
                        .append(HttpDates.formatIso(started)).append("</Message>\n");
                for (final Map.Entry<String, String> x : e.extraElements().entrySet()) {
                    sb.append("  ");
                    XmlText.element(sb, x.getKey(), x.getValue()).append('\n');
                }
                sb.append("</Error>");
                body = sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            return response(e.status(), e.getMessage(), h, body == null ? null : ByteBuffer.wrap(body));
        }
    }
}

package org.vmbussim.azblob.client;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * One container, shaped like the Azure SDK's {@code BlobContainerClient}: create, delete, exists, properties,
 * and List Blobs (flat or by hierarchy, one page at a time or every page lazily). Thread-safe.
 */
public final class FastPathBlobContainerClient {
    private final FastPathBlobServiceClient service;
    private final String name;
    private final String path;
    /**
     * The blob client handed out last, handed out again for the same name: a blob client is immutable and
     * thread-safe, so a caller asking for one per request (as the SDK's examples do) then makes no client and no
     * target string per request. Racing callers may replace it in any order; a reader sees a fully built client
     * (final fields, published through this volatile).
     */
    private volatile FastPathBlobClient lastBlobClient;

    FastPathBlobContainerClient(final FastPathBlobServiceClient service, final String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("container name must not be empty");
        }
        this.service = service;
        this.name = name;
        this.path = "/" + BlobCall.encode(name, false);
    }

    /**
     * The container name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * A client for one blob of this container (no request is sent).
     *
     * @param blobName the blob name; {@code /} separates virtual directories
     * @return the client
     */
    public FastPathBlobClient getBlobClient(final String blobName) {
        final FastPathBlobClient last = lastBlobClient;
        if (last != null && last.name().equals(blobName)) {
            return last;
        }
        final FastPathBlobClient fresh = new FastPathBlobClient(service, this, blobName);
        lastBlobClient = fresh;
        return fresh;
    }

    String path() {
        return path;
    }

    private BlobCall call(final String method) {
        return new BlobCall(service, method, path).query("restype", "container");
    }

    /**
     * Creates the container (Create Container).
     *
     * @return the new container's ETag and time
     * @throws BlobFastPathException 409 {@code ContainerAlreadyExists} when it exists
     */
    public BlobWriteResult create() {
        return create(Map.of());
    }

    /**
     * Creates the container with metadata.
     *
     * @param metadata the metadata
     * @return the new container's ETag and time
     * @throws BlobFastPathException 409 {@code ContainerAlreadyExists} when it exists
     */
    public BlobWriteResult create(final Map<String, String> metadata) {
        return BlobWriteResult.of(call("PUT").metadata(metadata).expect(201));
    }

    /**
     * Creates the container unless it exists.
     *
     * @return true when this call created it
     */
    public boolean createIfNotExists() {
        final BlobCall call = call("PUT");
        final FastPathResponse r = call.send();
        if (r.status() == 409 && "ContainerAlreadyExists".equals(r.header("x-ms-error-code"))) {
            return false;
        }
        call.check(r, 201);
        return true;
    }

    /**
     * Deletes the container and every blob in it.
     *
     * @throws BlobFastPathException 404 {@code ContainerNotFound}
     */
    public void delete() {
        call("DELETE").expect(202);
    }

    /**
     * Deletes the container if it exists.
     *
     * @return true when this call deleted it
     */
    public boolean deleteIfExists() {
        return call("DELETE").expectOrNotFound(202);
    }

    /**
     * Get Container Properties.
     *
     * @return the properties
     * @throws BlobFastPathException 404 {@code ContainerNotFound}
     */
    public ContainerProperties getProperties() {
        return properties(call("GET").expect(200));
    }

    /**
     * Whether the container exists.
     *
     * @return true when it does
     */
    public boolean exists() {
        return call("GET").expectOrNotFound(200);
    }

    private static ContainerProperties properties(final FastPathResponse r) {
        return new ContainerProperties(r.header("ETag"), BlobXml.httpDate(r.header("Last-Modified")),
                FastPathBlobClient.metadataOf(r.headers()));
    }

    /**
     * One page of a flat listing.
     *
     * @param options prefix, page size, metadata
     * @param marker  the marker from the previous page, or null for the first
     * @return the page
     */
    public BlobListPage listBlobsPage(final ListBlobsOptions options, final String marker) {
        return listPage(null, options, marker);
    }

    /**
     * One page of a listing by hierarchy: names containing the delimiter after the prefix fold into one
     * prefix entry each.
     *
     * @param delimiter e.g. {@code /}
     * @param options   prefix, page size, metadata
     * @param marker    the marker from the previous page, or null for the first
     * @return the page
     */
    public BlobListPage listBlobsByHierarchyPage(final String delimiter, final ListBlobsOptions options,
            final String marker) {
        if (delimiter == null || delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        return listPage(delimiter, options, marker);
    }

    /**
     * Every blob (all pages, fetched as the iteration reaches them).
     *
     * @param options prefix, page size, metadata
     * @return the blobs
     */
    public Iterable<BlobItem> listBlobs(final ListBlobsOptions options) {
        Objects.requireNonNull(options, "options");
        return () -> new PagingIterator(null, options);
    }

    /**
     * Every blob and prefix directly under the options' prefix (all pages, fetched lazily).
     *
     * @param delimiter e.g. {@code /}
     * @param options   prefix, page size, metadata
     * @return the blobs and prefixes
     */
    public Iterable<BlobItem> listBlobsByHierarchy(final String delimiter, final ListBlobsOptions options) {
        Objects.requireNonNull(options, "options");
        if (delimiter == null || delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        return () -> new PagingIterator(delimiter, options);
    }

    private BlobListPage listPage(final String delimiter, final ListBlobsOptions options, final String marker) {
        final BlobCall call = call("GET").query("comp", "list").query("prefix", options.prefix())
                .query("delimiter", delimiter).query("marker", marker)
                .query("maxresults", options.maxResultsPerPage() == 0 ? null
                        : Integer.toString(options.maxResultsPerPage()))
                .query("include", options.includeMetadata() ? "metadata" : null);
        final FastPathResponse r = call.expect(200);
        try {
            return BlobXml.listBlobs(r.bodyBytes());
        } catch (final BlobXml.MalformedXmlException e) {
            throw BlobFastPathException.notCarried(org.vmbussim.uapi.Errno.EPROTO, call.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Walks the pages of one listing. */
    private final class PagingIterator implements Iterator<BlobItem> {
        private final String delimiter;
        private final ListBlobsOptions options;
        private Iterator<BlobItem> page;
        private String nextMarker;
        private boolean lastPageFetched;

        PagingIterator(final String delimiter, final ListBlobsOptions options) {
            this.delimiter = delimiter;
            this.options = options;
        }

        @Override
        public boolean hasNext() {
            while (page == null || !page.hasNext()) {
                if (lastPageFetched) {
                    return false;
                }
                final BlobListPage p = listPage(delimiter, options, nextMarker);
                page = p.items().iterator();
                nextMarker = p.nextMarker();
                lastPageFetched = nextMarker == null;
            }
            return true;
        }

        @Override
        public BlobItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }
}

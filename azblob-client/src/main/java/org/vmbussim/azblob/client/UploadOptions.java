package org.vmbussim.azblob.client;

import java.util.Map;

/**
 * How {@link FastPathBlobClient#upload(java.nio.ByteBuffer, UploadOptions)} writes a blob. Data up to
 * {@code maxSingleUploadBytes} goes in one Put Blob; larger data goes in Put Block requests of
 * {@code blockSizeBytes}, {@code parallelism} at a time, committed by one Put Block List.
 *
 * @param httpHeaders          stored HTTP properties
 * @param metadata             metadata
 * @param conditions           conditions on the existing blob (applied to Put Blob / Put Block List)
 * @param maxSingleUploadBytes largest single Put Blob, 0 for the transport's data buffer size
 * @param blockSizeBytes       block size, 0 for the transport's data buffer size
 * @param parallelism          blocks in flight at once, 0 for the transport's in-flight limit
 */
public record UploadOptions(BlobHttpHeaders httpHeaders, Map<String, String> metadata,
        BlobRequestConditions conditions, int maxSingleUploadBytes, int blockSizeBytes, int parallelism) {
    private static final UploadOptions DEFAULTS = new UploadOptions(BlobHttpHeaders.none(), Map.of(),
            BlobRequestConditions.none(), 0, 0, 0);

    /**
     * Validates and freezes the options.
     *
     * @param httpHeaders          HTTP properties
     * @param metadata             metadata
     * @param conditions           conditions
     * @param maxSingleUploadBytes single-upload threshold
     * @param blockSizeBytes       block size
     * @param parallelism          blocks in flight
     */
    public UploadOptions {
        httpHeaders = httpHeaders == null ? BlobHttpHeaders.none() : httpHeaders;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        conditions = conditions == null ? BlobRequestConditions.none() : conditions;
        if (maxSingleUploadBytes < 0 || maxSingleUploadBytes > FastPathTransportOptions.MAX_BODY_BYTES
                || blockSizeBytes < 0 || blockSizeBytes > FastPathTransportOptions.MAX_BODY_BYTES || parallelism < 0) {
            throw new IllegalArgumentException("maxSingleUploadBytes=" + maxSingleUploadBytes + " blockSizeBytes="
                    + blockSizeBytes + " parallelism=" + parallelism + " (expected: 0 for the default, sizes up to "
                    + FastPathTransportOptions.MAX_BODY_BYTES + ")");
        }
    }

    /**
     * Defaults: no properties, metadata or conditions; transport-sized single uploads and blocks.
     *
     * @return the defaults
     */
    public static UploadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The same options with HTTP properties.
     *
     * @param headers the properties
     * @return the options
     */
    public UploadOptions withHttpHeaders(final BlobHttpHeaders headers) {
        return new UploadOptions(headers, metadata, conditions, maxSingleUploadBytes, blockSizeBytes, parallelism);
    }

    /**
     * The same options with metadata.
     *
     * @param newMetadata the metadata
     * @return the options
     */
    public UploadOptions withMetadata(final Map<String, String> newMetadata) {
        return new UploadOptions(httpHeaders, newMetadata, conditions, maxSingleUploadBytes, blockSizeBytes,
                parallelism);
    }

    /**
     * The same options with conditions.
     *
     * @param newConditions the conditions
     * @return the options
     */
    public UploadOptions withConditions(final BlobRequestConditions newConditions) {
        return new UploadOptions(httpHeaders, metadata, newConditions, maxSingleUploadBytes, blockSizeBytes,
                parallelism);
    }

    /**
     * The same options with other block settings.
     *
     * @param singleUploadBytes largest single Put Blob (0: default)
     * @param blockBytes        block size (0: default)
     * @param blocksInFlight    parallelism (0: default)
     * @return the options
     */
    public UploadOptions withBlocks(final int singleUploadBytes, final int blockBytes, final int blocksInFlight) {
        return new UploadOptions(httpHeaders, metadata, conditions, singleUploadBytes, blockBytes, blocksInFlight);
    }
}

package org.vmbussim.azblob.client;

/**
 * What a List Blobs call asks for.
 *
 * @param prefix            only names starting with it, or null for all
 * @param maxResultsPerPage most entries per page, 0 for the service's default (5000)
 * @param includeMetadata   whether each blob's metadata is returned
 */
public record ListBlobsOptions(String prefix, int maxResultsPerPage, boolean includeMetadata) {
    private static final ListBlobsOptions DEFAULTS = new ListBlobsOptions(null, 0, false);

    /**
     * Validates the options.
     *
     * @param prefix            the prefix
     * @param maxResultsPerPage page size
     * @param includeMetadata   metadata wanted
     */
    public ListBlobsOptions {
        if (maxResultsPerPage < 0) {
            throw new IllegalArgumentException("maxResultsPerPage=" + maxResultsPerPage + " (expected: >= 0)");
        }
    }

    /**
     * Everything, service-sized pages, no metadata.
     *
     * @return the defaults
     */
    public static ListBlobsOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The same options with a prefix.
     *
     * @param newPrefix the prefix
     * @return the options
     */
    public ListBlobsOptions withPrefix(final String newPrefix) {
        return new ListBlobsOptions(newPrefix, maxResultsPerPage, includeMetadata);
    }

    /**
     * The same options with a page size.
     *
     * @param max most entries per page
     * @return the options
     */
    public ListBlobsOptions withMaxResultsPerPage(final int max) {
        return new ListBlobsOptions(prefix, max, includeMetadata);
    }

    /**
     * The same options, asking for metadata.
     *
     * @return the options
     */
    public ListBlobsOptions withMetadata() {
        return new ListBlobsOptions(prefix, maxResultsPerPage, true);
    }
}

package org.vmbussim.azblob.client;


/**
 * Conditions on a blob's entity tag. An ETag may be given as the service returned it (quoted) or bare;
 * {@code *} matches any existing blob. A failed condition answers 412 on writes, 304 on reads with
 * If-None-Match.
 *
 * @param ifMatch     run only when the blob's ETag matches, or null
 * @param ifNoneMatch run only when it does not match, or null
 */
public record BlobRequestConditions(String ifMatch, String ifNoneMatch) {
    private static final BlobRequestConditions NONE = new BlobRequestConditions(null, null);

    /**
     * No conditions.
     *
     * @return the empty conditions
     */
    public static BlobRequestConditions none() {
        return NONE;
    }

    /**
     * {@code If-Match}.
     *
     * @param eTag the ETag, or {@code *}
     * @return the conditions
     */
    public static BlobRequestConditions ifMatch(final String eTag) {
        return new BlobRequestConditions(eTag, null);
    }

    /**
     * {@code If-None-Match}.
     *
     * @param eTag the ETag, or {@code *} (write only when the blob does not exist)
     * @return the conditions
     */
    public static BlobRequestConditions ifNoneMatch(final String eTag) {
        return new BlobRequestConditions(null, eTag);
    }

    void addTo(final FieldList fields) {
        if (ifMatch != null) {
            fields.add("If-Match", ifMatch);
        }
        if (ifNoneMatch != null) {
            fields.add("If-None-Match", ifNoneMatch);
        }
    }
}

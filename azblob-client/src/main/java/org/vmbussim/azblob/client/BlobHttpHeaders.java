package org.vmbussim.azblob.client;


/**
 * The standard HTTP properties of a blob, stored by the service and returned on reads. A null field is not
 * sent; Set Blob HTTP Headers replaces all of them, so a null there clears the property.
 *
 * @param contentType        e.g. {@code text/plain}
 * @param contentEncoding    e.g. {@code gzip}
 * @param contentLanguage    e.g. {@code en}
 * @param cacheControl       e.g. {@code no-cache}
 * @param contentDisposition e.g. {@code attachment}
 * @param contentMd5         Base64 MD5 of the content, stored as given
 */
public record BlobHttpHeaders(String contentType, String contentEncoding, String contentLanguage, String cacheControl,
        String contentDisposition, String contentMd5) {
    private static final BlobHttpHeaders NONE = new BlobHttpHeaders(null, null, null, null, null, null);

    /**
     * No properties.
     *
     * @return all null
     */
    public static BlobHttpHeaders none() {
        return NONE;
    }

    /**
     * Only a content type.
     *
     * @param contentType the type
     * @return the headers
     */
    public static BlobHttpHeaders ofContentType(final String contentType) {
        return new BlobHttpHeaders(contentType, null, null, null, null, null);
    }

    void addTo(final FieldList fields) {
        putIfPresent(fields, "x-ms-blob-content-type", contentType);
        putIfPresent(fields, "x-ms-blob-content-encoding", contentEncoding);
        putIfPresent(fields, "x-ms-blob-content-language", contentLanguage);
        putIfPresent(fields, "x-ms-blob-cache-control", cacheControl);
        putIfPresent(fields, "x-ms-blob-content-disposition", contentDisposition);
        putIfPresent(fields, "x-ms-blob-content-md5", contentMd5);
    }

    private static void putIfPresent(final FieldList fields, final String name, final String value) {
        if (value != null) {
            fields.add(name, value);
        }
    }
}

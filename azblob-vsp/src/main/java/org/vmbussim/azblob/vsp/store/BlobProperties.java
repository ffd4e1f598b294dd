package org.vmbussim.azblob.vsp.store;

/**
 * The system properties of a blob that a client sets ({@code x-ms-blob-content-*}); null means unset.
 *
 * @param contentType the Content-Type
 * @param contentEncoding the Content-Encoding
 * @param contentLanguage the Content-Language
 * @param contentMd5 the stored MD5, Base64 (stored and returned, never validated on read)
 * @param cacheControl the Cache-Control
 * @param contentDisposition the Content-Disposition
 */
public record BlobProperties(String contentType, String contentEncoding, String contentLanguage, String contentMd5,
                             String cacheControl, String contentDisposition) {
    /** The Content-Type a blob gets when none is given. */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
}

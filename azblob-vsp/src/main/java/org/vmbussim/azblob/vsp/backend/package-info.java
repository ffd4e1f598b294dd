/**
 * The transport-independent Blob REST backend API: one request in ({@link
 * org.vmbussim.azblob.vsp.backend.BlobRequest}), one outcome out ({@link
 * org.vmbussim.azblob.vsp.backend.BlobOutcome}), behind {@link org.vmbussim.azblob.vsp.backend.BlobBackend};
 * plus the SharedKey signature both the embedded backends and the tests use.
 */
package org.vmbussim.azblob.vsp.backend;

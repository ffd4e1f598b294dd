package org.vmbussim.bench.e2e;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

/**
 * Builds Blob REST requests for {@link BlobWorkload#ACCOUNT} the way the fast-path client builds its own: path-style
 * targets, {@code x-ms-version}, {@code x-ms-date}, {@code x-ms-client-request-id}, {@code Content-Length} for a
 * body, and a SharedKey {@code Authorization} over exactly those fields. Thread-safe.
 */
public final class RestRequests {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final SharedKeyCredential credential = new SharedKeyCredential(BlobWorkload.ACCOUNT,
            BlobWorkload.ACCOUNT_KEY);
    private final AtomicLong requestIds = new AtomicLong();

    /**
     * The target of the benchmark container ({@code /account/bench?restype=container}).
     *
     * @return the raw target
     */
    public static String containerTarget() {
        return "/" + BlobWorkload.ACCOUNT + "/" + BlobWorkload.CONTAINER + "?restype=container";
    }

    /**
     * The target of a blob in the benchmark container.
     *
     * @param blob the name (URL-safe)
     * @return the raw target
     */
    public static String blobTarget(final String blob) {
        return "/" + BlobWorkload.ACCOUNT + "/" + BlobWorkload.CONTAINER + "/" + blob;
    }

    /**
     * A signed request.
     *
     * @param method       the method
     * @param target       the raw target
     * @param body         the body, or null for none
     * @param extraHeaders more fields, as name, value, name, value...
     * @return the request, {@code Authorization} last
     */
    public BlobRequest signed(final String method, final String target, final byte[] body,
            final String... extraHeaders) {
        final HttpFields.Builder headers = HttpFields.builder()
                .add("x-ms-version", BlobWorkload.SERVICE_VERSION)
                .add("x-ms-date", HTTP_DATE.format(Instant.now()))
                .add("x-ms-client-request-id", Long.toHexString(requestIds.incrementAndGet()));
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            headers.add(extraHeaders[i], extraHeaders[i + 1]);
        }
        if (body != null) {
            headers.add("Content-Length", Integer.toString(body.length));
        }
        return credential.sign(body == null ? new BlobRequest(method, target, headers.build(), null)
                : BlobRequest.of(method, target, headers.build(), body));
    }
}

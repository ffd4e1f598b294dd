package org.vmbussim.azblob.vsp.store;

import java.nio.charset.StandardCharsets;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

/** Test helper: signed requests for devstoreaccount1 and their responses. */
public final class Requests {
    private static final SharedKeyCredential KEY = SharedKeyCredential.devStoreAccount();

    private Requests() {
    }

    /**
     * Builds a signed request.
     *
     * @param method the method
     * @param target the target after /devstoreaccount1
     * @param body the body text or null
     * @param headers extra name/value pairs
     * @return the request
     */
    public static BlobRequest request(final String method, final String target, final String body,
                                      final String... headers) {
        final byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        final HttpFields.Builder h = HttpFields.builder().add("x-ms-version", "2021-08-06")
                .add("x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT").add("Content-Length", String.valueOf(bytes.length));
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return KEY.sign(BlobRequest.of(method, "/devstoreaccount1" + target, h.build(), bytes));
    }

    /**
     * Executes and expects a carried response.
     *
     * @param backend the backend
     * @param method the method
     * @param target the target after /devstoreaccount1
     * @param body the body or null
     * @param headers extra headers
     * @return the response
     */
    public static BlobResponse send(final BlobBackend backend, final String method, final String target,
                                    final String body, final String... headers) {
        final BlobOutcome o = backend.execute(request(method, target, body, headers));
        if (!(o instanceof BlobOutcome.Completed c)) {
            throw new AssertionError("not completed: " + o);
        }
        return c.response();
    }

    /**
     * Asserts a Blob service error: its status and {@code x-ms-error-code}.
     *
     * @param status the expected status
     * @param code the expected error code
     * @param r the response
     */
    public static void assertError(final int status, final String code, final BlobResponse r) {
        if (r.status() != status || !code.equals(r.headers().first("x-ms-error-code"))) {
            throw new AssertionError("expected " + status + " " + code + ", got " + r.status() + " "
                    + r.headers().first("x-ms-error-code") + ": " + text(r));
        }
    }

    /**
     * The body as text.
     *
     * @param r the response
     * @return the text
     */
    public static String text(final BlobResponse r) {
        return new String(r.bodyBytes(), StandardCharsets.UTF_8);
    }
}

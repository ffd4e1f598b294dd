package org.vmbussim.azblob.vsp.provider;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

/** Test helper: request heads as a guest's HTTP stack would put them in the request buffer, and response heads. */
final class Http {
    private static final SharedKeyCredential KEY = SharedKeyCredential.devStoreAccount();

    private Http() {
    }

    /**
     * A SharedKey-signed request head for devstoreaccount1, with Content-Length = the body's length.
     *
     * @param method  the method
     * @param target  the target after {@code /devstoreaccount1}
     * @param body    the body bytes (its length is Content-Length)
     * @param headers extra name/value pairs
     * @return the head bytes, ending with CRLF CRLF
     */
    static byte[] signedHead(final String method, final String target, final byte[] body, final String... headers) {
        final HttpFields.Builder h = HttpFields.builder().add("Host", "blob.fastpath")
                .add("x-ms-version", "2021-08-06").add("x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT")
                .add("Content-Length", String.valueOf(body.length));
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        final BlobRequest signed = KEY.sign(BlobRequest.of(method, "/devstoreaccount1" + target, h.build(), body));
        final StringBuilder sb = new StringBuilder(method).append(' ').append(signed.target()).append(" HTTP/1.1\r\n");
        for (final Map.Entry<String, String> e : signed.headers().entries()) {
            sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A head given as text (for malformed heads).
     *
     * @param text the bytes as ISO-8859-1 text
     * @return the bytes
     */
    static byte[] raw(final String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A parsed response head: status and lower-cased header names. */
    record ResponseHead(int status, Map<String, String> headers) {
        String header(final String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Parses the response head the provider wrote.
     *
     * @param bytes exactly the head's bytes
     * @return the head
     */
    static ResponseHead parseResponseHead(final byte[] bytes) {
        final String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r\n\r\n")) {
            throw new AssertionError("response head does not end with CRLF CRLF: " + text);
        }
        final String[] lines = text.substring(0, text.length() - 4).split("\r\n");
        final String[] statusLine = lines[0].split(" ", 3);
        if (!"HTTP/1.1".equals(statusLine[0])) {
            throw new AssertionError("status line: " + lines[0]);
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            final int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new ResponseHead(Integer.parseInt(statusLine[1]), headers);
    }
}

package org.vmbussim.testfixtures.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Valid Blob REST request heads (the fast path's request buffer) for the seeded generators: container and blob
 * operations on a few names, with the headers the store reads, so that mutation starts from inputs that reach
 * deep into the parser and the store.
 */
final class HttpHeads {
    /** The container every generated request uses; tests create it first. */
    static final String CONTAINER = "fuzz";
    private static final String[] BLOBS = {"a", "b", "dir%2Fc", "%E2%82%AC", "x y"};
    private static final String[] EXTRA = {"x-ms-version: 2021-08-06", "x-ms-date: Mon, 01 Jan 2024 00:00:00 GMT",
        "x-ms-meta-k: v", "If-Match: \"0x1\"", "If-None-Match: *", "x-ms-range: bytes=0-9", "Range: bytes=3-",
        "Content-Type: application/octet-stream", "x-ms-client-request-id: 1", "Accept: */*"};

    private HttpHeads() {
    }

    /**
     * A request head.
     *
     * @param random    the randomness
     * @param bodyBytes the body length the head announces
     * @return the head's bytes, ending with CRLF CRLF
     */
    static byte[] random(final Random random, final int bodyBytes) {
        final String blob = "/devstoreaccount1/" + CONTAINER + "/" + BLOBS[random.nextInt(BLOBS.length)];
        final String line;
        switch (random.nextInt(8)) {
            case 0:
                line = "PUT /devstoreaccount1/" + CONTAINER + "?restype=container";
                break;
            case 1:
            case 2:
                line = "PUT " + blob;
                break;
            case 3:
            case 4:
                line = "GET " + blob;
                break;
            case 5:
                line = "HEAD " + blob;
                break;
            case 6:
                line = "DELETE " + blob;
                break;
            default:
                line = "GET /devstoreaccount1/" + CONTAINER + "?restype=container&comp=list";
                break;
        }
        final StringBuilder sb = new StringBuilder(line).append(" HTTP/1.1\r\nHost: blob.fastpath\r\n");
        if (line.startsWith("PUT") && !line.contains("restype")) {
            sb.append("x-ms-blob-type: BlockBlob\r\n");
        }
        sb.append("Content-Length: ").append(line.startsWith("PUT") ? bodyBytes : 0).append("\r\n");
        for (int i = random.nextInt(3); i > 0; i--) {
            sb.append(EXTRA[random.nextInt(EXTRA.length)]).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}

package org.vmbussim.azblob.vsp.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.backend.BlobRequest;

class RepeatedValuesTest {
    private final HttpHeadCodec codec = HttpHeadCodec.withDefaults();

    private static byte[] head(final String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private BlobRequest parse(final String text, final RepeatedValues remembered) throws HttpHeadException {
        final byte[] head = head(text);
        return codec.parseRequestOwningBody(head, head.length, new byte[0], remembered);
    }

    @Test
    void shouldHandOutTheSameStringsForValuesAChannelRepeats() throws Exception {
        final RepeatedValues remembered = RepeatedValues.forRequestHeads();
        final String text = "GET /acct/c/b HTTP/1.1\nHost: h:10000\nx-ms-date: Wed, 25 Nov 2026 01:00:00 GMT\n"
                + "x-ms-client-request-id: 1\n\n";
        final BlobRequest first = parse(text, remembered);
        final BlobRequest second = parse(text.replace("request-id: 1", "request-id: 2"), remembered);
        assertSame(first.target(), second.target());
        assertSame(first.headers().first("Host"), second.headers().first("Host"));
        assertSame(first.headers().first("x-ms-date"), second.headers().first("x-ms-date"));
        assertEquals("2", second.headers().first("x-ms-client-request-id"));
    }

    @Test
    void shouldGiveEveryRequestItsOwnTextWhenItDiffers() throws Exception {
        final RepeatedValues remembered = RepeatedValues.forRequestHeads();
        final BlobRequest first = parse("GET /acct/c/b HTTP/1.1\nHost: h1\nContent-Length: 0\n\n", remembered);
        final BlobRequest second = parse("GET /acct/c/bb HTTP/1.1\nhost: h2\n\n", remembered);
        final BlobRequest third = parse("GET /acct/c/b HTTP/1.1\nHOST: h1\n\n", remembered);
        assertEquals("/acct/c/b", first.target());
        assertEquals("/acct/c/bb", second.target());
        assertEquals("h2", second.headers().first("Host"));
        assertEquals("/acct/c/b", third.target());
        assertNotSame(first.target(), third.target(), "the slot held /acct/c/bb in between");
        assertEquals("h1", third.headers().first("Host"));
    }

    @Test
    void shouldRememberARepeatedRangeAndNeverHandOutAnotherRequestsRange() throws Exception {
        final RepeatedValues remembered = RepeatedValues.forRequestHeads();
        final String text = "GET /acct/c/b HTTP/1.1\nx-ms-range: bytes=0-4095\nRange: bytes=0-9\n\n";
        final BlobRequest first = parse(text, remembered);
        final BlobRequest again = parse(text, remembered);
        assertSame(first.headers().first("x-ms-range"), again.headers().first("x-ms-range"));
        assertSame(first.headers().first("Range"), again.headers().first("Range"));
        // Same length, other digits; then a prefix of the remembered text: each request gets exactly its bytes.
        final BlobRequest other = parse(text.replace("0-4095", "4096-8191").replace("0-9", "1-9"), remembered);
        assertEquals("bytes=4096-8191", other.headers().first("x-ms-range"));
        assertEquals("bytes=1-9", other.headers().first("Range"));
        final BlobRequest prefix = parse(text.replace("4095", "409").replace("0-9", "1-"), remembered);
        assertEquals("bytes=0-409", prefix.headers().first("x-ms-range"));
        assertEquals("bytes=1-", prefix.headers().first("Range"));
        assertEquals("bytes=0-4095", first.headers().first("x-ms-range"), "an earlier request keeps its value");
    }

    @Test
    void shouldCompareLatin1BytesExactly() {
        final RepeatedValues remembered = new RepeatedValues(1);
        final byte[] bytes = {'a', (byte) 0xe9, 'b'};
        final String first = remembered.latin1(0, bytes, 0, 3);
        assertEquals("a\u00e9b", first);
        assertSame(first, remembered.latin1(0, new byte[] {'x', 'a', (byte) 0xe9, 'b'}, 1, 4));
        assertEquals("a\u00e8b", remembered.latin1(0, new byte[] {'a', (byte) 0xe8, 'b'}, 0, 3));
        assertEquals("a\u00e8", remembered.latin1(0, new byte[] {'a', (byte) 0xe8, 'b'}, 0, 2));
    }

    @Test
    void shouldParseTheSameWithAndWithoutAMemo() throws Exception {
        final String text = "PUT /acct/c/b HTTP/1.1\nHost: h\nContent-Length: 0\nContent-Type: text/plain\n\n";
        final BlobRequest with = parse(text, RepeatedValues.forRequestHeads());
        final BlobRequest without = parse(text, null);
        assertEquals(without.method(), with.method());
        assertEquals(without.target(), with.target());
        assertEquals(without.headers(), with.headers());
        final byte[] bad = head("GET /x HTTP/1.1\nHost : h\n\n");
        assertEquals(HttpHeadException.Kind.MALFORMED, assertThrows(HttpHeadException.class,
                () -> codec.parseRequestOwningBody(bad, bad.length, new byte[0],
                        RepeatedValues.forRequestHeads())).kind());
        final ByteBuffer direct = ByteBuffer.allocateDirect(head(text).length).put(head(text)).flip();
        assertArrayEquals(new byte[0], codec.parseRequest(direct, null).bodyBytes());
    }
}

package org.vmbussim.azblob.vsp.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.uapi.Errno;

class HttpHeadCodecTest {
    private final HttpHeadCodec codec = new HttpHeadCodec(new HttpHeadLimits(1024, 8));

    private static ByteBuffer ascii(final String s) {
        return ByteBuffer.wrap(s.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void shouldParseAHeadAndJoinTheBodyIgnoringBytesAfterTheEmptyLine() throws Exception {
        final ByteBuffer head = ascii("PUT /devstoreaccount1/c/a%2Fb?comp=block&blockid=QQ%3D%3D HTTP/1.1\n"
                + "Host: x\nx-ms-meta-A: 1\nx-ms-meta-A: 2\nContent-Length: 3\n\nGARBAGE-AFTER-HEAD");
        final BlobRequest r = codec.parseRequest(head, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals("PUT", r.method());
        assertEquals("/devstoreaccount1/c/a%2Fb?comp=block&blockid=QQ%3D%3D", r.target());
        assertEquals(java.util.List.of("1", "2"), r.headers().all("X-MS-META-a"));
        assertArrayEquals(new byte[] {1, 2, 3}, r.bodyBytes());
        assertEquals(0, head.position(), "the request buffer is not consumed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad request line|GARBAGE\\n\\n|EPROTO",
        "no empty line|GET / HTTP/1.1\\nHost: x\\n|EPROTO",
        "header without colon|GET / HTTP/1.1\\nHost x\\n\\n|EPROTO",
        "space before colon|GET / HTTP/1.1\\nHost : x\\n\\n|EPROTO",
        "Content-Length not a number|PUT / HTTP/1.1\\nContent-Length: abc\\n\\n|EPROTO",
        "HTTP/2.0|GET / HTTP/2.0\\n\\n|EINVAL",
        "absolute-form target|GET http://h/devstoreaccount1/c HTTP/1.1\\n\\n|EINVAL",
        "Transfer-Encoding|PUT / HTTP/1.1\\nTransfer-Encoding: chunked\\n\\n|EINVAL",
        "Content-Length disagrees with data_valid|PUT / HTTP/1.1\\nContent-Length: 5\\n\\n|EINVAL",
        "too many header fields|GET / HTTP/1.1\\na: 1\\nb: 1\\nc: 1\\nd: 1\\ne: 1\\nf: 1\\ng: 1\\nh: 1\\n"
            + "i: 1\\n\\n|EINVAL",
        "empty request line|\\n\\n|EPROTO",
        "no HTTP version|GET /\\n\\n|EPROTO",
        "two spaces after the method|GET  / HTTP/1.1\\n\\n|EPROTO",
        "space inside the target|GET /a b HTTP/1.1\\n\\n|EPROTO",
        "trailing space after the version|GET / HTTP/1.1 \\n\\n|EPROTO",
        "lower-case version|GET / http/1.1\\n\\n|EPROTO",
        "version without minor digit|GET / HTTP/1\\n\\n|EPROTO",
        "method with a separator|G@T / HTTP/1.1\\n\\n|EPROTO",
        "header name with a separator|GET / HTTP/1.1\\nHo(st: x\\n\\n|EPROTO",
        "empty header name|GET / HTTP/1.1\\n: x\\n\\n|EPROTO",
        "obs-fold continuation line|GET / HTTP/1.1\\nx-a: 1\\n  folded\\n\\n|EPROTO",
        "obs-fold with a tab|GET / HTTP/1.1\\nx-a: 1\\n\tfolded\\n\\n|EPROTO",
        "duplicate Content-Length, same value|PUT / HTTP/1.1\\nContent-Length: 0\\ncontent-length: 0\\n\\n|EPROTO",
        "Content-Length as a list|PUT / HTTP/1.1\\nContent-Length: 0, 0\\n\\n|EPROTO",
        "negative Content-Length|PUT / HTTP/1.1\\nContent-Length: -0\\n\\n|EPROTO",
        "empty Content-Length|PUT / HTTP/1.1\\nContent-Length:\\n\\n|EPROTO",
        "Content-Length of 19 digits|PUT / HTTP/1.1\\nContent-Length: 0000000000000000000\\n\\n|EPROTO",
        "HTTP/0.9 version number|GET / HTTP/0.9\\n\\n|EINVAL",
        "asterisk-form target|OPTIONS * HTTP/1.1\\n\\n|EINVAL",
        "authority-form target|CONNECT h:443 HTTP/1.1\\n\\n|EINVAL",
        "Transfer-Encoding in any case|PUT / HTTP/1.1\\ntransfer-ENCODING: identity\\n\\n|EINVAL",
    })
    void shouldRefuseBadHeadsWithTheirErrno(final String what, final String head, final Errno errno) {
        final HttpHeadException e = assertThrows(HttpHeadException.class,
                () -> codec.parseRequest(ascii(head.replace("\\n", "\n")), ByteBuffer.allocate(0)), what);
        assertEquals(errno, e.errno(), what + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "byte 0x{0}")
    @CsvSource({"00", "01", "0a", "0d", "1f", "7f"})
    void shouldRefuseControlCharactersInAHeaderValueOrTheTarget(final String hex) {
        final String control = String.valueOf((char) Integer.parseInt(hex, 16));
        for (final String head : new String[] {"GET / HTTP/1.1\r\nx-a: a" + control + "b\r\n\r\n",
            "GET /a" + control + "b HTTP/1.1\r\n\r\n"}) {
            final HttpHeadException e = assertThrows(HttpHeadException.class, () -> codec.parseRequest(
                    ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)), null), head);
            assertEquals(HttpHeadException.Kind.MALFORMED, e.kind(), head + ": " + e.getMessage());
        }
    }

    @Test
    void shouldRefuseABareCarriageReturn() {
        final ByteBuffer head = ByteBuffer.wrap("GET / HTTP/1.1\rHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(HttpHeadException.Kind.MALFORMED, assertThrows(HttpHeadException.class,
                () -> codec.parseRequest(head, null)).kind());
    }

    @Test
    void shouldAcceptExactlyMaxHeaderCountFieldsAndHttp10AndTrimOptionalWhitespace() throws Exception {
        final BlobRequest r = codec.parseRequest(ascii("HEAD /c/b HTTP/1.0\na: 1\nb:2\nc: \t3 \t\nd: 1\ne: 1\n"
                + "f: 1\ng: 1\nx-empty:\n\n"), null);
        assertEquals("HEAD", r.method());
        assertEquals(8, r.headers().size());
        assertEquals("2", r.headers().first("b"));
        assertEquals("3", r.headers().first("c"));
        assertEquals("", r.headers().first("x-empty"));
        assertEquals(0, r.bodyLength());
    }

    @Test
    void shouldParseFromADirectBufferOrASliceAtAnOffset() throws Exception {
        final byte[] text = "xxGET /a?b=%20 HTTP/1.1\r\nx-ms-meta-k: \u00e9t\u00e9\r\nContent-Length: 2\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        final ByteBuffer sliced = ByteBuffer.wrap(text, 2, text.length - 2).slice();
        final ByteBuffer direct = ByteBuffer.allocateDirect(text.length).put(text).position(2);
        for (final ByteBuffer head : new ByteBuffer[] {sliced, direct}) {
            final int position = head.position();
            final BlobRequest r = codec.parseRequest(head, ByteBuffer.wrap(new byte[] {7, 8}));
            assertEquals("/a?b=%20", r.target());
            assertEquals("\u00e9t\u00e9", r.headers().first("X-MS-META-K"), "obs-text is read as Latin-1");
            assertEquals("2", r.headers().first("content-length"));
            assertEquals(position, head.position(), "not consumed");
        }
    }

    @Test
    void shouldEncodeAnEmptyReasonAndNoFields() {
        final BlobResponse r = new BlobResponse(204, "", HttpFields.empty(), null);
        assertEquals("HTTP/1.1 204 \r\n\r\n", new String(codec.encodeResponseHead(r), StandardCharsets.US_ASCII));
    }

    @Test
    void shouldRefuseBareLineFeeds() {
        final ByteBuffer head = ByteBuffer.wrap("GET / HTTP/1.1\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Errno.EPROTO, assertThrows(HttpHeadException.class,
                () -> codec.parseRequest(head, null)).errno());
    }

    @Test
    void shouldRefuseAHeadLargerThanTheLimit() {
        final String big = "GET / HTTP/1.1\nx-big: " + "a".repeat(2000) + "\n\n";
        final HttpHeadException e = assertThrows(HttpHeadException.class, () -> codec.parseRequest(ascii(big), null));
        assertEquals(HttpHeadException.Kind.TOO_LARGE, e.kind());
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void randomBytesOnlyEverGiveATypedRefusalOrARequest() {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final byte[] alphabet = "GET PUT /?&=%:\r\n HTTP/1.1abcxyz0123456789\t\0\u00ff"
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 3000; i++) {
            final byte[] bytes = new byte[random.nextInt(200)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            if (random.nextBoolean()) {
                final byte[] prefixed = ("GET / HTTP/1.1\r\n" + new String(bytes, StandardCharsets.ISO_8859_1)
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                check(prefixed, seed);
            } else {
                check(bytes, seed);
            }
        }
    }

    private void check(final byte[] bytes, final long seed) {
        try {
            final BlobRequest r = codec.parseRequest(ByteBuffer.wrap(bytes), ByteBuffer.allocate(0));
            assertTrue(r.target().startsWith("/"), "seed " + seed);
        } catch (final HttpHeadException e) {
            assertTrue(e.errno() == Errno.EPROTO || e.errno() == Errno.EINVAL, "seed " + seed);
        } catch (final RuntimeException e) {
            throw new AssertionError("seed " + seed + ": untyped failure on " + new String(bytes,
                    StandardCharsets.ISO_8859_1), e);
        }
    }

    @Test
    void shouldEncodeAResponseHeadThatTheCodecsOwnParserAgreesWith() {
        final BlobResponse r = new BlobResponse(206, "Partial Content", HttpFields.of("ETag", "\"0x1\"",
                "Content-Range", "bytes 0-4/11", "Content-Length", "5"), ByteBuffer.wrap(new byte[5]));
        final String head = new String(codec.encodeResponseHead(r), StandardCharsets.US_ASCII);
        assertEquals("HTTP/1.1 206 Partial Content\r\nETag: \"0x1\"\r\nContent-Range: bytes 0-4/11\r\n"
                + "Content-Length: 5\r\n\r\n", head);
    }

    @Test
    void shouldEncodeAResponseHeadIntoAReusedArrayExactlyAsIntoItsOwn() {
        final BlobResponse r = new BlobResponse(200, "OK", HttpFields.of("Content-Length", "0", "x-ms-request-id",
                "abc"), null);
        final byte[] own = codec.encodeResponseHead(r);
        assertEquals(own.length, codec.responseHeadLength(r));
        final byte[] reused = new byte[own.length + 64];
        java.util.Arrays.fill(reused, (byte) 'x'); // a previous response's bytes
        assertEquals(own.length, codec.encodeResponseHead(r, reused));
        assertArrayEquals(own, java.util.Arrays.copyOf(reused, own.length));
        assertEquals('x', reused[own.length], "nothing written past the head");
        assertThrows(IllegalArgumentException.class, () -> codec.encodeResponseHead(r, new byte[own.length - 1]));
    }
}

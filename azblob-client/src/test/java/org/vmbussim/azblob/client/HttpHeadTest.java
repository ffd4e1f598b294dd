package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmbussim.azblob.protocol.HttpFields;

class HttpHeadTest {
    private static HttpHead.Parsed parse(final String head) throws HttpHead.MalformedHeadException {
        final byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return HttpHead.parseResponse(bytes, bytes.length);
    }

    @Test
    void encodesTheRequestHeadExactlyAsGiven() {
        final FastPathRequest r = FastPathRequest.of("PUT", "/a/c/b?comp=block&blockid=QQ%3D%3D",
                HttpFields.of("x-ms-version", "2021-08-06", "Content-Length", "3", "X-Odd-Case", "v\tw"),
                ByteBuffer.wrap(new byte[3]));
        assertEquals("PUT /a/c/b?comp=block&blockid=QQ%3D%3D HTTP/1.1\r\nx-ms-version: 2021-08-06\r\n"
                + "Content-Length: 3\r\nX-Odd-Case: v\tw\r\n\r\n",
                new String(HttpHead.encodeRequest(r), StandardCharsets.ISO_8859_1));
    }

    @Test
    void refusesFramingThatContradictsTheDataBuffer() {
        assertThrows(IllegalArgumentException.class, () -> HttpHead.encodeRequest(FastPathRequest.of("PUT", "/a",
                HttpFields.of("Content-Length", "4"), ByteBuffer.wrap(new byte[3]))));
        assertThrows(IllegalArgumentException.class, () -> HttpHead.encodeRequest(FastPathRequest.of("PUT", "/a",
                HttpFields.of("Transfer-Encoding", "chunked"), null)));
    }

    @Test
    void parsesStatusReasonAndFields() throws Exception {
        final HttpHead.Parsed p = parse("HTTP/1.1 206 Partial Content\r\nETag: \"0x1\"\r\nx-ms-meta-a:  1 \r\n"
                + "Content-Length: 10\r\nx-ms-meta-a: 2\r\n\r\n");
        assertEquals(206, p.status());
        assertEquals("Partial Content", p.reason());
        assertEquals("\"0x1\"", p.headers().first("etag"));
        assertEquals(java.util.List.of("1", "2"), p.headers().all("X-MS-META-A"));
        assertEquals(10, HttpHead.contentLength(p.headers()));
        assertEquals("", parse("HTTP/1.0 404\r\n\r\n").reason());
    }

    @Test
    void usualNamesAreSharedConstantsAndEveryNameKeepsTheSpellingTheHostSent() throws Exception {
        final HttpHead.Parsed p = parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\ncontent-length: 0\r\n"
                + "x-ms-request-id: 1\r\nX-Custom: \t v \t\r\n\r\n");
        final java.util.List<java.util.Map.Entry<String, String>> fields = p.headers().entries();
        assertSame(HttpHead.KNOWN_NAMES.get(HttpHead.KNOWN_NAMES.indexOf("Content-Length")), fields.get(0).getKey());
        assertEquals("content-length", fields.get(1).getKey());
        assertNotSame(HttpHead.KNOWN_NAMES.get(0), fields.get(1).getKey());
        assertSame(HttpHead.KNOWN_NAMES.get(HttpHead.KNOWN_NAMES.indexOf("x-ms-request-id")), fields.get(2).getKey());
        assertEquals("X-Custom", fields.get(3).getKey());
        assertEquals("v", fields.get(3).getValue(), "white space around a value is not part of it");
    }

    @Test
    void aValueThatRepeatsInTheSameBufferSetIsTheSameStringAndAChangedOneIsNew() throws Exception {
        final HeadStrings strings = new HeadStrings();
        final byte[] first = ("HTTP/1.1 206 Partial Content\r\nETag: \"0x1\"\r\nx-ms-request-id: a1\r\n"
                + "X-Unknown: u\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        final byte[] second = ("HTTP/1.1 206 Partial Content\r\nETag: \"0x1\"\r\nx-ms-request-id: a2\r\n"
                + "X-Unknown: u\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        final byte[] third = ("HTTP/1.1 200 OK\r\nETag: \"0x2\"\r\nx-ms-request-id: a2\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        final HttpHead.Parsed a = HttpHead.parseResponse(first, first.length, strings);
        final HttpHead.Parsed b = HttpHead.parseResponse(second, second.length, strings);
        final HttpHead.Parsed c = HttpHead.parseResponse(third, third.length, strings);
        assertSame(a.reason(), b.reason());
        assertSame(a.headers().first("ETag"), b.headers().first("ETag"));
        assertEquals("a1", a.headers().first("x-ms-request-id"));
        assertEquals("a2", b.headers().first("x-ms-request-id"));
        assertSame(b.headers().first("x-ms-request-id"), c.headers().first("x-ms-request-id"));
        assertNotSame(a.headers().first("X-Unknown"), b.headers().first("X-Unknown")); // only usual names
        assertEquals("OK", c.reason());
        assertEquals("\"0x2\"", c.headers().first("ETag"));
        assertEquals("\"0x1\"", a.headers().first("ETag")); // an earlier response keeps what it said
    }

    @Test
    void anExpectedEchoIsTheRequestsOwnStringOnlyWhenTheBytesMatch() throws Exception {
        final HeadStrings strings = new HeadStrings();
        final String sent = new String("3f2a"); // a string of its own, to tell it apart by identity
        final byte[] echo = "HTTP/1.1 200 OK\r\nx-ms-client-request-id: 3f2a\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        strings.expect(HttpHead.CLIENT_REQUEST_ID, sent);
        assertSame(sent, HttpHead.parseResponse(echo, echo.length, strings).headers().first("x-ms-client-request-id"));
        final byte[] other = "HTTP/1.1 200 OK\r\nx-ms-client-request-id: 3f2b\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        strings.expect(HttpHead.CLIENT_REQUEST_ID, sent);
        assertEquals("3f2b", HttpHead.parseResponse(other, other.length, strings).headers()
                .first("x-ms-client-request-id"));
    }

    @Test
    void aReusedHeadBufferEncodesEachRequestFromScratch() {
        final HeadBuffer reused = new HeadBuffer(16);
        HttpHead.encodeRequest(FastPathRequest.of("GET", "/a/very/long/target/that/grows/the/buffer",
                HttpFields.of("x-ms-version", "2021-08-06"), null), reused);
        HttpHead.encodeRequest(FastPathRequest.of("GET", "/b", HttpFields.empty(), null), reused);
        assertEquals("GET /b HTTP/1.1\r\n\r\n",
                new String(reused.array(), 0, reused.length(), StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"03", "+3", "3 3", "", "4"})
    void aContentLengthFieldMustBeTheBodyLengthInDecimal(final String value) {
        assertThrows(IllegalArgumentException.class, () -> HttpHead.encodeRequest(FastPathRequest.of("PUT", "/a",
                HttpFields.of("Content-Length", value), ByteBuffer.wrap(new byte[3]))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "HTTP/1.1 200 OK\r\n",
        "HTTP/1.1 200 OK\r\nA: b\r\n",
        "HTTP/1.1 200 OK\nA: b\r\n\r\n",
        "HTTP/1.1 200 OK\r\nA: b\n\r\n",
        "HTTP/1.1 200 OK\r\nA: b\r\r\n\r\n",
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 999 Nine\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\n folded: no\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nA: \u0001\r\n\r\n",
        "HTTP/1.1 200 OK\r\n\r\ntrailing bytes inside response_len",
    })
    void refusesWhatIsNotOneHttpResponseHead(final String head) {
        assertThrows(HttpHead.MalformedHeadException.class, () -> parse(head));
    }

    @Test
    void refusesALengthOutsideTheBufferAndTooManyFields() {
        final byte[] ok = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(HttpHead.MalformedHeadException.class, () -> HttpHead.parseResponse(ok, ok.length + 1));
        assertThrows(HttpHead.MalformedHeadException.class, () -> HttpHead.parseResponse(ok, -1));
        final String many = "HTTP/1.1 200 OK\r\n" + "A: b\r\n".repeat(HttpHead.MAX_RESPONSE_FIELDS + 1) + "\r\n";
        assertThrows(HttpHead.MalformedHeadException.class, () -> parse(many));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "-1", "1, 2", "99999999999999999999"})
    void refusesBadContentLength(final String value) {
        assertThrows(HttpHead.MalformedHeadException.class,
                () -> HttpHead.contentLength(HttpFields.of("Content-Length", value)));
    }

    @Test
    void contentLengthRepeatedWithOneValueIsFineAndDisagreementIsNot() throws Exception {
        assertEquals(5, HttpHead.contentLength(HttpFields.of("Content-Length", "5", "content-length", "5")));
        assertEquals(-1, HttpHead.contentLength(HttpFields.empty()));
        assertThrows(HttpHead.MalformedHeadException.class,
                () -> HttpHead.contentLength(HttpFields.of("Content-Length", "5", "Content-Length", "6")));
    }
}

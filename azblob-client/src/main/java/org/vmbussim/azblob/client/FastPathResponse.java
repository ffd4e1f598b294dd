package org.vmbussim.azblob.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.vmbussim.azblob.protocol.HttpBody;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * One response read back from the fast path: status line, header fields and body. The body was copied out
 * of the process's data buffer, so it stays valid after the buffer is reused; it is a read-only view and
 * {@link #body()} hands out a fresh duplicate each time.
 *
 * @param status  the HTTP status, 100 to 599
 * @param reason  the reason phrase, possibly empty
 * @param headers the header fields
 * @param body    the body bytes
 */
public record FastPathResponse(int status, String reason, HttpFields headers, ByteBuffer body)
        implements HttpBody {

    /**
     * Validates and freezes the parts.
     *
     * @param status  the status
     * @param reason  the reason phrase
     * @param headers the headers
     * @param body    the body, null for none
     */
    public FastPathResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status=" + status + " (expected: 100..599)");
        }
        if (reason == null || headers == null) {
            throw new IllegalArgumentException("reason and headers must not be null");
        }
        body = HttpBody.readOnlyView(body);
    }

    /**
     * A fresh read-only view of the body.
     *
     * @return the body, positioned at its start
     */
    @Override
    public ByteBuffer body() {
        return body.duplicate();
    }

    /**
     * The body's length, without a view: the record's own view is never moved, so its remaining bytes are it.
     *
     * @return bytes
     */
    @Override
    public int bodyLength() {
        return body.remaining();
    }



    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /**
     * The first value of a header field.
     *
     * @param name the name, any case
     * @return the value or null
     */
    public String header(final String name) {
        return headers.first(name);
    }

    /**
     * Whether the status is 2xx.
     *
     * @return true on success
     */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}

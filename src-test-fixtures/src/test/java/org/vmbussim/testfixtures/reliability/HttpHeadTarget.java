package org.vmbussim.testfixtures.reliability;

import java.nio.ByteBuffer;
import java.util.Random;
import org.vmbussim.azblob.vsp.http.HttpHeadCodec;
import org.vmbussim.azblob.vsp.http.HttpHeadException;

/**
 * The request head parser ({@link HttpHeadCodec#parseRequest}): valid Blob REST heads, mutated four times in
 * five (bytes, CRLFs, lengths, header names), plus pure garbage. Oracle: a request or a typed
 * {@link HttpHeadException}; any other exception, or a slow parse, fails.
 */
final class HttpHeadTarget implements FuzzTarget {
    private static final byte[] CRLF = {'\r', '\n'};

    @Override
    public String name() {
        return "http-head";
    }

    @Override
    public int epochLength() {
        return 100_000;
    }

    @Override
    public Harness newHarness() {
        final HttpHeadCodec codec = HttpHeadCodec.withDefaults();
        return new Harness() {
            @Override
            public String feed(final Random random) {
                final int body = random.nextInt(64);
                byte[] head = random.nextInt(50) == 0 ? Mutator.garbage(random, random.nextInt(300))
                        : HttpHeads.random(random, body);
                if (random.nextInt(5) != 0) {
                    head = Mutator.mutate(head, random, 4);
                }
                if (random.nextInt(10) == 0) {
                    head = splice(head, random);
                }
                try {
                    codec.parseRequest(ByteBuffer.wrap(head), ByteBuffer.wrap(new byte[body]));
                    return "parsed";
                } catch (final HttpHeadException e) {
                    return "refused-" + e.kind();
                }
            }

            @Override
            public void close() {
            }
        };
    }

    /** Puts a CRLF, a bare LF or a NUL somewhere: the line-structure edits byte mutation rarely makes. */
    private static byte[] splice(final byte[] head, final Random random) {
        final byte[] insert = random.nextBoolean() ? CRLF : new byte[] {(byte) (random.nextBoolean() ? '\n' : 0)};
        final int at = random.nextInt(head.length + 1);
        final byte[] out = new byte[head.length + insert.length];
        System.arraycopy(head, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(head, at, out, at + insert.length, head.length - at);
        return out;
    }
}

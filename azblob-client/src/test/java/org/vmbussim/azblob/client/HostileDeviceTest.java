package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.devfs.OpenFile;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.ProcessTable;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * The guest does not trust the host: a scripted device answers what no correct host would, and every such
 * answer becomes a typed {@link BlobFastPathException} with nothing left mapped or held.
 */
class HostileDeviceTest {
    private static final int CHUNK = 16 * 1024;

    /** What the scripted host does with one request. */
    @FunctionalInterface
    private interface Script {
        /** Answers one call (the n-th, from 1), writing into the caller's buffers as it likes. */
        void answer(int call, SimProcess caller, long structVa, AzBlobRequestSync request);
    }

    private final ProcessTable processes = new ProcessTable(GuestMemory.builder().pageCount(16384).build());
    private final Devfs devfs = new Devfs();
    private final SimProcess process = processes.spawn(Credentials.of(1, 1));
    private final AtomicInteger calls = new AtomicInteger();
    private Script script;
    private FastPathTransport transport;

    private FastPathTransport transport(final Script s) {
        this.script = s;
        final String path = devfs.register("azure_blob", (opener, flags) -> new OpenFile() {
            @Override
            public long ioctl(final SimProcess caller, final int command, final long arg) {
                script.answer(calls.incrementAndGet(), caller, arg, AzBlobRequestSync.read(caller.addressSpace(),
                        arg));
                return 0;
            }

            @Override
            public void release() {
                // nothing held
            }
        });
        transport = FastPathTransport.open(devfs, process, path, FastPathTransportOptions.defaults()
                .withDataBufferBytes(CHUNK).withMaxInFlight(2).withTimeouts(Duration.ofSeconds(5),
                        Duration.ofSeconds(5)));
        return transport;
    }

    @AfterEach
    void noLeaks() {
        if (transport != null) {
            transport.close();
            assertEquals(0, transport.mappedBufferSets());
        }
        assertEquals(0, process.addressSpace().mappedPageCount());
        processes.exitAll();
    }

    private static void complete(final SimProcess caller, final long structVa, final AzBlobRequestSync request,
            final int status, final int responseLen, final String head, final byte[] body) {
        if (head != null) {
            caller.addressSpace().putBytes(request.responseBuffer(), head.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (body != null) {
            caller.addressSpace().putBytes(request.dataBuffer(), body);
        }
        AzBlobRequestSync.writeResponse(caller.addressSpace(), structVa, status, responseLen);
    }

    private static Script answering(final String head, final byte[] body) {
        return (n, caller, va, r) -> complete(caller, va, r, 0, head.length(), head, body);
    }

    private static FastPathRequest get() {
        return FastPathRequest.of("GET", "/a/c/b", HttpFields.of("Content-Length", "0"), null);
    }

    private Errno failure(final Script s, final FastPathRequest request) {
        final FastPathTransport t = transport(s);
        return assertThrows(BlobFastPathException.class, () -> t.exchange(request)).errno();
    }

    @Test
    void aWellFormedAnswerIsRead() {
        final String head = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n";
        final FastPathResponse r = transport(answering(head, new byte[] {1, 2, 3})).exchange(get());
        assertEquals(200, r.status());
        assertEquals(3, r.bodyLength());
    }

    @Test
    void aResponseLengthBeyondTheBufferIsAProtocolError() {
        assertEquals(Errno.EPROTO, failure((n, c, va, r) -> complete(c, va, r, 0, r.responseLen() + 1, null, null),
                get()));
    }

    @Test
    void anEmptyAnswerIsAProtocolError() {
        assertEquals(Errno.EPROTO, failure((n, c, va, r) -> complete(c, va, r, 0, 0, null, null), get()));
    }

    @Test
    void aMalformedHeadIsAProtocolError() {
        assertEquals(Errno.EPROTO, failure(answering("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", null), get()));
    }

    @Test
    void aBodyLongerThanTheDataBufferIsAProtocolError() {
        assertEquals(Errno.EPROTO, failure(answering("HTTP/1.1 200 OK\r\nContent-Length: " + (CHUNK + 1)
                + "\r\n\r\n", null), get()));
    }

    @Test
    void aBodyWithoutContentLengthIsAProtocolError() {
        assertEquals(Errno.EPROTO, failure(answering("HTTP/1.1 200 OK\r\n\r\n", null), get()));
    }

    @Test
    void anUnknownStatusIsAProtocolError() {
        assertEquals(Errno.EPROTO, failure((n, c, va, r) -> complete(c, va, r, 12345, 0, null, null), get()));
    }

    @Test
    void aHeadAnswerHasNoBodyWhateverItsContentLength() {
        final String head = "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n";
        final FastPathResponse r = transport(answering(head, null)).exchange(FastPathRequest.of("HEAD", "/a/c/b",
                HttpFields.empty(), null));
        assertEquals(0, r.bodyLength());
        assertEquals("99999999999", r.header("content-length"));
    }

    @Test
    void endlessEmsgsizeOnAReadStopsAfterTheLastTry() {
        final Errno e = failure((n, c, va, r) -> complete(c, va, r, Errno.EMSGSIZE.value(), 100, null, null), get());
        assertEquals(Errno.EMSGSIZE, e);
        assertEquals(Exchange.MAX_ATTEMPTS, calls.get());
    }

    @Test
    void aHeadLargerThanTheClientsCapIsNotRetried() {
        final Errno e = failure((n, c, va, r) -> complete(c, va, r, Errno.EMSGSIZE.value(),
                FastPathTransportOptions.MAX_RESPONSE_HEAD_BYTES + 1, null, null), get());
        assertEquals(Errno.EMSGSIZE, e);
        assertEquals(1, calls.get());
    }

    @Test
    void aWriteIsNeverSentTwice() {
        final Errno e = failure((n, c, va, r) -> complete(c, va, r, Errno.EMSGSIZE.value(), 100000, null, null),
                FastPathRequest.of("PUT", "/a/c/b", HttpFields.of("Content-Length", "2"),
                        ByteBuffer.wrap(new byte[2])));
        assertEquals(Errno.EMSGSIZE, e);
        assertEquals(1, calls.get());
    }

    @Test
    void emsgsizeGrowsExactlyTheShortBuffer() {
        final String bigHead = "HTTP/1.1 200 OK\r\nx-pad: " + "p".repeat(20_000) + "\r\nContent-Length: "
                + (3 * CHUNK) + "\r\n\r\n";
        final FastPathResponse r = transport((n, c, va, req) -> {
            if (Integer.toUnsignedLong(req.responseLen()) < bigHead.length()) {
                complete(c, va, req, Errno.EMSGSIZE.value(), bigHead.length(), null, null);
            } else if (Integer.toUnsignedLong(req.dataLen()) < 3 * CHUNK) {
                complete(c, va, req, Errno.EMSGSIZE.value(), bigHead.length(), null, null);
            } else {
                complete(c, va, req, 0, bigHead.length(), bigHead, new byte[3 * CHUNK]);
            }
        }).exchange(get());
        assertEquals(3 * CHUNK, r.bodyLength());
        assertEquals(3, calls.get(), "head grown once, then the data buffer from 16 KiB to 64 KiB");
    }

    @Test
    void anIoctlFailingWithEmsgsizeAndNoStatusIsTreatedAsAShortBody() {
        final String head = "HTTP/1.1 200 OK\r\nContent-Length: " + (2 * CHUNK) + "\r\n\r\n";
        final FastPathResponse r = transport((n, c, va, req) -> {
            if (n == 1) {
                throw new ErrnoException(Errno.EMSGSIZE, "driver reports the host's EMSGSIZE as the call's error");
            }
            complete(c, va, req, 0, head.length(), head, new byte[2 * CHUNK]);
        }).exchange(get());
        assertEquals(2 * CHUNK, r.bodyLength());
        assertEquals(2, calls.get());
    }

    @Test
    void theAsyncPathReportsTheSameErrors() {
        final FastPathTransport t = transport((n, c, va, r) -> complete(c, va, r, 0, 0, null, null));
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> t.exchangeAsync(get()).get(5, TimeUnit.SECONDS));
        assertEquals(Errno.EPROTO, ((BlobFastPathException) e.getCause()).errno());
    }
}

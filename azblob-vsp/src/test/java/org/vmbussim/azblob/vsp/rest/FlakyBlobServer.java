package org.vmbussim.azblob.vsp.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;

/**
 * Test helper: a plain HTTP/1.1 server on loopback in front of a {@link BlobBackend} that misbehaves on
 * cue. Each request takes the next scripted {@link Fault} (none when the script is empty): reset the
 * connection mid-response, answer 503 or 500, execute and then reset (the response is lost: a retry is a
 * duplicate delivery), or never answer. Counts the requests it read. Threads are daemons named
 * {@code flaky-blob-}; {@link #close()} stops them all (bounded).
 */
final class FlakyBlobServer implements AutoCloseable {
    /** What the server does with one request. */
    enum Fault {
        /** Serve it. */
        NONE,
        /** Read the head and half of the body, then reset the connection (an upload cut short). */
        RESET_MID_UPLOAD,
        /** Send a head promising a body, part of the body, then reset the connection (nothing executed). */
        RESET_MID_RESPONSE,
        /** Answer 503 ServerBusy without executing. */
        BUSY_503,
        /** Execute, then answer 500 InternalError (the caller cannot tell whether it took effect). */
        EXECUTE_THEN_500,
        /** Execute, then reset the connection: the response is lost. */
        EXECUTE_THEN_RESET,
        /** Read it and never answer. */
        STALL,
    }

    private final BlobBackend backend;
    private final ServerSocket listener;
    private final ConcurrentLinkedQueue<Fault> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Fault otherwise = Fault.NONE;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private FlakyBlobServer(final BlobBackend backend, final ServerSocket listener) {
        this.backend = backend;
        this.listener = listener;
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @param backend what serves the requests
     * @return the running server
     * @throws IOException when it cannot listen
     */
    static FlakyBlobServer start(final BlobBackend backend) throws IOException {
        return start(backend, 0);
    }

    /**
     * Starts a server on a given loopback port.
     *
     * @param backend what serves the requests
     * @param port the port (0 for any)
     * @return the running server
     * @throws IOException when it cannot listen
     */
    static FlakyBlobServer start(final BlobBackend backend, final int port) throws IOException {
        final ServerSocket listener = new ServerSocket(port, 16, InetAddress.getLoopbackAddress());
        final FlakyBlobServer server = new FlakyBlobServer(backend, listener);
        server.spawn("flaky-blob-accept", server::acceptLoop);
        return server;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Queues faults for the next requests, in order. */
    void then(final Fault... faults) {
        script.addAll(List.of(faults));
    }

    /** Sets the fault of every request the script does not cover. */
    void always(final Fault fault) {
        otherwise = fault;
    }

    /** Requests read so far. */
    int requests() {
        return requests.get();
    }

    private void spawn(final String name, final Runnable body) {
        final Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                final Socket s = listener.accept();
                sockets.add(s);
                spawn("flaky-blob-conn", () -> serve(s));
            } catch (final IOException e) {
                return; // closed
            }
        }
    }

    private void serve(final Socket socket) {
        try (socket) {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            while (!closed) {
                final Head head = readHead(in);
                if (head == null) {
                    return;
                }
                requests.incrementAndGet();
                final Fault scripted = script.poll();
                final Fault fault = scripted == null ? otherwise : scripted;
                if (fault == Fault.RESET_MID_UPLOAD) {
                    in.readNBytes(head.contentLength() / 2);
                    reset(socket);
                    return;
                }
                final BlobRequest request = BlobRequest.of(head.method(), head.target(), head.headers(),
                        in.readNBytes(head.contentLength()));
                switch (fault) {
                    case RESET_MID_RESPONSE -> {
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial"
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        reset(socket);
                        return;
                    }
                    case BUSY_503 -> write(out, error(503, "ServerBusy", "The server is busy."));
                    case EXECUTE_THEN_500 -> {
                        backend.execute(request);
                        write(out, error(500, "InternalError", "The server encountered an internal error."));
                    }
                    case EXECUTE_THEN_RESET -> {
                        backend.execute(request);
                        reset(socket);
                        return;
                    }
                    case STALL -> {
                        while (!closed) {
                            if (in.read() < 0) {
                                return;
                            }
                        }
                        return;
                    }
                    default -> {
                        final BlobOutcome o = backend.execute(request);
                        write(out, o instanceof BlobOutcome.Completed c ? c.response()
                                : error(500, "InternalError", String.valueOf(o)));
                    }
                }
            }
        } catch (final IOException e) {
            // the peer went away; nothing to do
        }
    }

    private static void reset(final Socket socket) throws SocketException {
        socket.setSoLinger(true, 0);
        try {
            socket.close();
        } catch (final IOException e) {
            // already closed
        }
    }

    private static BlobResponse error(final int status, final String code, final String message) {
        final byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
                + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        return new BlobResponse(status, code, HttpFields.builder().add("x-ms-error-code", code)
                .add("Content-Type", "application/xml").add("Content-Length", String.valueOf(body.length)).build(),
                ByteBuffer.wrap(body));
    }

    private static void write(final OutputStream out, final BlobResponse r) throws IOException {
        final StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ')
                .append(r.reason()).append("\r\n");
        for (final Map.Entry<String, String> e : r.headers().entries()) {
            head.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.bodyBytes());
        out.flush();
    }

    private record Head(String method, String target, HttpFields headers, int contentLength) {
    }

    /** Reads one request head; null at a clean end of stream. */
    private static Head readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            final int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        final String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        final String[] requestLine = lines[0].split(" ");
        final HttpFields.Builder h = HttpFields.builder();
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            final int colon = lines[i].indexOf(':');
            final String name = lines[i].substring(0, colon).trim();
            final String value = lines[i].substring(colon + 1).trim();
            h.add(name, value);
            if ("content-length".equalsIgnoreCase(name)) {
                length = Integer.parseInt(value);
            }
        }
        return new Head(requestLine[0], requestLine[1], h.build(), length);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (final IOException e) {
            // closing anyway
        }
        for (final Socket s : new ArrayList<>(sockets)) {
            try {
                s.close();
            } catch (final IOException e) {
                // closing anyway
            }
        }
        for (final Thread t : threads) {
            try {
                t.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

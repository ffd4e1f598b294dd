package org.vmbussim.azblob.vsp.rest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Azurite blob service process (in-memory persistence, loopback, a free port), started and stopped with
 * bounded waits: the start polls until the service answers HTTP (30 s at most), the stop destroys the process
 * and its children (5 s, then forcibly), also at JVM exit if nobody closed it. No test framework here: the
 * tests' {@link AzuriteSupport} and the benchmarks both use it (this module's test-jar).
 */
public final class AzuriteServer implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 30_000;
    private static final long STOP_TIMEOUT_MILLIS = 5_000;
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final int port;
    /** Stops the process if this JVM exits without closing the server (a failed setup, a crash). */
    private final Thread stopAtExit;

    private AzuriteServer(final Process process, final int port) {
        this.process = process;
        this.port = port;
        this.stopAtExit = new Thread(this::stop, "azurite-" + port + "-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts {@code azurite-blob} and waits until it answers.
     *
     * @param bin        the {@code azurite-blob} executable
     * @param workingDir its working directory, or null for this process's
     * @param log        where its output goes
     * @return the running server
     * @throws IOException when it cannot start, exits, or does not answer within 30 s (it is stopped then)
     */
    public static AzuriteServer start(final Path bin, final Path workingDir, final Path log) throws IOException {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        final ProcessBuilder builder = new ProcessBuilder(List.of(bin.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", String.valueOf(port), "--inMemoryPersistence", "--disableTelemetry", "--silent"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        final AzuriteServer azurite = new AzuriteServer(builder.start(), port);
        try {
            azurite.awaitReady();
        } catch (final IOException | RuntimeException e) {
            azurite.close();
            throw e;
        }
        return azurite;
    }

    /**
     * The blob service's port on 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The blob service's base URI, without an account.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady() throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("azurite exited with " + process.exitValue() + " during start");
            }
            if (answers()) {
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for azurite", e);
            }
        }
        throw new IOException("azurite did not answer within " + START_TIMEOUT_MILLIS + " ms");
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            final byte[] head = s.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 ");
        } catch (final IOException e) {
            return false;
        }
    }

    /** Stops the process and its children: politely, then forcibly, each within a bound. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (final IllegalStateException e) {
            // the JVM is already exiting: the hook runs stop() itself
        }
        stop();
    }

    private void stop() {
        final List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

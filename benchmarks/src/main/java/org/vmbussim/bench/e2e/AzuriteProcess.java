package org.vmbussim.bench.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's blob service (the Azure Storage emulator, installed by build/install-azurite.sh) as a child process
 * on a free loopback port with in-memory persistence: the reference the Azure SDK benchmark also runs against.
 * {@link #start} waits (bounded) until it answers; {@link #close} stops it and its children (bounded).
 */
public final class AzuriteProcess implements AutoCloseable {
    /** The system property naming the {@code azurite-blob} launcher. */
    public static final String BIN_PROPERTY = "vmbussim.azurite.bin";

    private static final long START_TIMEOUT_MILLIS = 30_000;
    private static final long STOP_TIMEOUT_MILLIS = 5_000;
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final int port;
    private final Path log;

    private AzuriteProcess(final Process process, final int port, final Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Azurite from the launcher {@link #BIN_PROPERTY} names.
     *
     * @return the running instance
     * @throws IOException when the property is unset, the launcher is missing, or Azurite does not answer
     */
    public static AzuriteProcess start() throws IOException {
        final String bin = System.getProperty(BIN_PROPERTY);
        if (bin == null || !Files.isExecutable(Path.of(bin))) {
            throw new IOException("Azurite not found: set -D" + BIN_PROPERTY + " to .azurite/node_modules/.bin/"
                    + "azurite-blob (build/install-azurite.sh installs it); it is " + bin);
        }
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        final Path log = Files.createTempFile("azurite-bench-", ".log");
        final Process p = new ProcessBuilder(List.of(bin, "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--inMemoryPersistence", "--disableTelemetry", "--silent"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final AzuriteProcess azurite = new AzuriteProcess(p, port, log);
        try {
            azurite.awaitReady();
        } catch (final IOException | RuntimeException e) {
            azurite.close();
            throw e;
        }
        return azurite;
    }

    /**
     * The blob endpoint of the emulator's account.
     *
     * @return e.g. {@code http://127.0.0.1:41234/devstoreaccount1}
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/" + BlobWorkload.ACCOUNT);
    }

    private void awaitReady() throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("azurite exited with " + process.exitValue() + " while starting");
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

    /** Any HTTP status line to {@code GET /} means the server is up. */
    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readNBytes(9), StandardCharsets.US_ASCII).startsWith("HTTP/1.1");
        } catch (final IOException e) {
            return false;
        }
    }

    /** Stops Azurite and any child it started, waiting at most 5 s, and deletes its log. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (final IOException e) {
            // a stray log file in the temporary directory is harmless
        }
    }
}

package org.vmbussim.azblob.vsp.rest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Azurite's blob service (installed by build/install-azurite.sh into {@code <repo>/.azurite}) on
 * 127.0.0.1 on a free port with in-memory persistence, for tests. {@link #start()} waits (bounded)
 * until it answers; {@link #close()} stops it by PID (bounded), children included. When Azurite or node
 * is missing the test is skipped, or fails when {@code CI=true}, with a message saying what to run.
 */
public final class AzuriteSupport implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 30_000;
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Process process;
    private final int port;

    private AzuriteSupport(final Process process, final int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Azurite, or skips (fails under CI=true) the calling test when it is not installed.
     *
     * @return the running instance
     * @throws IOException when it cannot be started
     */
    public static AzuriteSupport start() throws IOException {
        final Path root = repoRoot();
        final Path bin = root == null ? null : root.resolve(".azurite/node_modules/.bin/azurite-blob");
        final String missing = bin == null || !Files.isExecutable(bin)
                ? "Azurite is not installed in <repo>/.azurite"
                : !onPath("node") ? "node is not on PATH" : null;
        if (missing != null) {
            final String message = missing + ": run build/install-azurite.sh (needs node and npm)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        final int port = freePort();
        final Path log = Paths.get("target", "azurite-" + port + ".log");
        Files.createDirectories(log.getParent());
        final Process p = new ProcessBuilder(List.of(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--inMemoryPersistence", "--disableTelemetry", "--silent"))
                .directory(root.resolve(".azurite").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        final AzuriteSupport azurite = new AzuriteSupport(p, port);
        try {
            azurite.awaitReady();
        } catch (final IOException | RuntimeException e) {
            azurite.close();
            throw e;
        }
        return azurite;
    }

    /**
     * The port Azurite listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Azurite's scheme, host and port.
     *
     * @return e.g. {@code http://127.0.0.1:41234}
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady() throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("azurite exited with " + process.exitValue() + " during start");
            }
            if (answers()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for azurite", e);
            }
        }
        throw new IOException("azurite did not answer within " + START_TIMEOUT_MS + " ms");
    }

    /** Any HTTP status line to "GET /" means the server is up (Azurite answers 400). */
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

    @Override
    public void close() {
        final List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean onPath(final String program) {
        final String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (final String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Path repoRoot() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("build/install-azurite.sh"))) {
                return p;
            }
        }
        return null;
    }
}

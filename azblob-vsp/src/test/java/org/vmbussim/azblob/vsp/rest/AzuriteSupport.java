package org.vmbussim.azblob.vsp.rest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts Azurite's blob service for tests from where build/install-azurite.sh installs it
 * ({@code <repo>/.azurite}), as an {@link AzuriteServer}. When Azurite or node is missing the test is skipped,
 * or fails when {@code CI=true}, with a message saying what to run.
 */
public final class AzuriteSupport {
    private AzuriteSupport() {
    }

    /**
     * Starts Azurite, logging to {@code target/azurite-<n>.log}.
     *
     * @return the running server; close it when done
     * @throws IOException when it cannot be started or does not answer in time
     */
    public static AzuriteServer start() throws IOException {
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
        final Path logs = Paths.get("target");
        Files.createDirectories(logs);
        return AzuriteServer.start(bin, root.resolve(".azurite"), Files.createTempFile(logs, "azurite-", ".log"));
    }

    private static boolean onPath(final String program) {
        final String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (final String dir : path.split(File.pathSeparator)) {
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

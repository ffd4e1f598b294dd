package org.vmbussim.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vmbussim.azblob.vsp.rest.AzuriteServer;

/**
 * Azurite's blob service (the Azure Storage emulator, installed by build/install-azurite.sh) for the Azure SDK
 * benchmark's reference runs: finds the executable the suite passes in {@link #BIN_PROPERTY} and starts it as
 * an {@link AzuriteServer} (the tests' launcher, from azblob-vsp's test-jar), logging to a temporary file.
 */
public final class AzuriteProcess {
    /** System property holding the path of {@code .azurite/node_modules/.bin/azurite-blob}. */
    public static final String BIN_PROPERTY = "vmbussim.azurite.bin";

    private AzuriteProcess() {
    }

    /**
     * Starts Azurite and waits (bounded) until it answers.
     *
     * @return the running server; close it when done
     * @throws IOException when the executable is missing, or Azurite does not start or answer in time
     */
    public static AzuriteServer start() throws IOException {
        final String bin = System.getProperty(BIN_PROPERTY);
        if (bin == null || !Files.isExecutable(Path.of(bin))) {
            throw new IOException("Azurite not found: set -D" + BIN_PROPERTY + " to .azurite/node_modules/.bin/"
                    + "azurite-blob (build/install-azurite.sh installs it); it is " + bin);
        }
        return AzuriteServer.start(Path.of(bin), null, Files.createTempFile("azurite-bench-", ".log"));
    }
}

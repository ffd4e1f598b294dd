package org.vmbussim.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.rest.RestForwardingBackend;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.cli.BadArgumentException;
import picocli.CommandLine;

/** The {@code --backend memory|file:DIR|rest:URL} option of the commands that boot a VM. */
final class Backends {
    private Backends() {
    }

    static BlobBackend open(final String spec, final CommandLine commandLine) {
        if (spec.equals("memory")) {
            return StorageEngine.inMemory();
        }
        if (spec.startsWith("file:") && spec.length() > 5) {
            try {
                return StorageEngine.fileStore(Files.createDirectories(Paths.get(spec.substring(5))),
                        StorageOptions.defaults());
            } catch (final IOException e) {
                throw new BadArgumentException(commandLine, "--backend " + spec + ": " + e.getMessage(), e);
            }
        }
        if (spec.startsWith("rest:") && spec.length() > 5) {
            return new RestForwardingBackend(RestForwardingBackend.Options.defaults(URI.create(spec.substring(5))));
        }
        throw new BadArgumentException(commandLine, "--backend " + spec + " (expected: memory, file:DIR or rest:URL)",
                null);
    }
}

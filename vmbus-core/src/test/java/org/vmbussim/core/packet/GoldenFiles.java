package org.vmbussim.core.packet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.vmbussim.wire.HexDump;

/**
 * Reads the "hex" section of a golden vector straight from src-test-fixtures in the source tree
 * (vmbus-core cannot depend on that module, which depends on it), so the builders are checked
 * against the very bytes GoldenVectorTest pins, not a copy.
 */
final class GoldenFiles {
    private static final Path ROOT = Paths.get("").toAbsolutePath().getParent()
            .resolve("src-test-fixtures/src/main/resources/golden");

    private GoldenFiles() {
    }

    static byte[] bytes(final String name) {
        final String text;
        try {
            text = Files.readString(ROOT.resolve(name));
        } catch (final IOException e) {
            throw new UncheckedIOException("golden vector " + name + " not found under " + ROOT, e);
        }
        final StringBuilder hex = new StringBuilder();
        boolean inHex = false;
        for (final String raw : text.split("\n")) {
            final int hash = raw.indexOf('#');
            final String line = (hash < 0 ? raw : raw.substring(0, hash)).trim();
            if (inHex) {
                hex.append(line);
            } else if (line.equals("hex")) {
                inHex = true;
            }
        }
        if (!inHex) {
            throw new IllegalStateException(name + ": no hex section");
        }
        return HexDump.parse(hex.toString());
    }
}

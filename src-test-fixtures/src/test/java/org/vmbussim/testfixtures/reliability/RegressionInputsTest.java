package org.vmbussim.testfixtures.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every kept input: {@code src/test/resources/reliability/regressions/<target>/<name>.txt} holds
 * {@code seed=<hex> iteration=<n>} lines (and {@code #} comments), each replayed from a fresh harness of that
 * target. A fuzz failure's message gives exactly such a line.
 */
class RegressionInputsTest {
    private static final Map<String, Supplier<FuzzTarget>> TARGETS = Map.of(
            "vsp-request", VspRequestTarget::new,
            "vsc-completion", VscCompletionTarget::new,
            "http-head", HttpHeadTarget::new,
            "control-to-guest", () -> new ControlMessageTarget(true),
            "control-to-host", () -> new ControlMessageTarget(false),
            "uapi-struct", UapiStructTarget::new);

    static Stream<Path> inputs() throws IOException, URISyntaxException {
        final URL root = RegressionInputsTest.class.getResource("/reliability/regressions");
        assertNotNull(root, "the regressions directory is on the test class path");
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(Paths.get(root.toURI()))) {
            files = walk.filter(p -> p.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
        }
        assertFalse(files.isEmpty(), "kept inputs");
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void aKeptInputStillPasses(final Path file) throws IOException {
        final String target = file.getParent().getFileName().toString();
        assertTrue(TARGETS.containsKey(target), "unknown target directory " + target);
        try (InputStream in = Files.newInputStream(file)) {
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                final String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                final String[] parts = l.split("\\s+");
                final long seed = Long.parseUnsignedLong(parts[0].substring("seed=0x".length()), 16);
                final long iteration = Long.parseLong(parts[1].substring("iteration=".length()));
                FuzzCampaign.replay(TARGETS.get(target).get(), seed, iteration);
            }
        }
    }
}

package org.vmbussim.mgmt.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void print() throws Exception {
        final String f = System.getProperty("scratch.file");
        if (f == null) {
            return;
        }
        final List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(f))) {
            files = s.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
        for (final Path p : files) {
            try {
                final long t0 = System.nanoTime();
                final ScenarioResult r = ScenarioRunner.run(new ScenarioParser(DriverRegistry.discover()).parse(p));
                final long t1 = System.nanoTime();
                r.transcript().forEach(l -> System.err.println(l));
                r.failures().forEach(l -> System.err.println("FAIL " + l));
                System.err.println("TIME " + (t1 - t0) / 1000000 + " ms");
            } catch (final ScenarioParseException e) {
                System.err.println("PARSE " + e.getMessage());
            }
        }
    }
}

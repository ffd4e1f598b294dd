package org.vmbussim.testfixtures.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.mgmt.scenario.DriverRegistry;

class ScenarioTestsTest {
    private static final String GOOD = """
            seed 3
            guest register blob driver=opening classes=azure-blob
            host offer b azure-blob
            guest boot
            expect bound b to blob
            """;

    @TempDir
    Path dir;

    private void write(final String name, final String text) throws IOException {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private List<DynamicTest> tests(final boolean update) throws IOException {
        return ScenarioTests.of(ScenarioFiles.under(dir), DriverRegistry.builtIns(), update).toList();
    }

    private static Throwable failureOf(final DynamicTest t) {
        try {
            t.getExecutable().execute();
            return null;
        } catch (final Throwable e) {
            return e;
        }
    }

    @Test
    void aMissingGoldenFailsUntilUpdateWritesIt() throws IOException {
        write("a.scenario", GOOD);
        final Throwable missing = failureOf(tests(false).get(0));
        assertTrue(missing instanceof AssertionFailedError, String.valueOf(missing));
        assertTrue(missing.getMessage().contains("has no golden transcript " + dir.resolve("a.transcript")
                + "; run with -Dvmbussim.updateTranscripts=true"), missing.getMessage());

        assertEquals(null, failureOf(tests(true).get(0)));
        final String golden = Files.readString(dir.resolve("a.transcript"));
        assertTrue(golden.startsWith("scenario a (seed 3)\n"), golden);
        assertEquals(null, failureOf(tests(false).get(0)));
    }

    @Test
    void aDifferingTranscriptFailsWithAUnifiedDiffAndBothTexts() throws IOException {
        write("a.scenario", GOOD);
        failureOf(tests(true).get(0));
        final String golden = Files.readString(dir.resolve("a.transcript"));
        Files.writeString(dir.resolve("a.transcript"), golden.replace("driver=blob", "driver=other"));

        final Throwable e = failureOf(tests(false).get(0));
        final AssertionFailedError afe = (AssertionFailedError) e;
        final String m = afe.getMessage();
        final Path scenario = dir.resolve("a.scenario");
        final Path transcript = dir.resolve("a.transcript");
        assertTrue(m.contains(scenario + ": the transcript differs from " + transcript + ":\n--- " + transcript
                + "\n+++ replay of " + scenario + "\n@@ "), m);
        assertTrue(m.contains("\n-      0.000 ms  bus probed b relid=1 driver=other\n"
                + "+      0.000 ms  bus probed b relid=1 driver=blob\n"), m);
        assertTrue(m.contains("run with -Dvmbussim.updateTranscripts=true and review"), m);
        assertTrue(afe.isExpectedDefined() && afe.isActualDefined());
        assertEquals(golden, afe.getActual().getValue());
    }

    @Test
    void failedExpectationsAndParseErrorsFailWithFileAndLine() throws IOException {
        write("bad/expect.scenario", GOOD + "expect devices 2\n");
        write("bad/parse.scenario", "guest boot\nhost offer x toaster\n");
        final List<DynamicTest> tests = tests(true);
        assertEquals(List.of("expect", "parse"), tests.stream().map(DynamicTest::getDisplayName).toList());
        final Throwable expect = failureOf(tests.get(0));
        assertEquals(dir.resolve("bad/expect.scenario") + ":6: expect devices 2: devices is 1\n(golden transcript"
                + " not written)", expect.getMessage());
        assertFalse(Files.exists(dir.resolve("bad/expect.transcript")));
        final Throwable parse = failureOf(tests.get(1));
        assertTrue(parse.getMessage().startsWith(dir.resolve("bad/parse.scenario") + " does not parse:\n"
                + dir.resolve("bad/parse.scenario") + ":2: unknown device type 'toaster'"), parse.getMessage());
        assertFalse(Files.exists(dir.resolve("bad/parse.transcript")));
    }

    @Test
    void aReplayThatIsNotDeterministicFails() throws IOException {
        final AtomicInteger runs = new AtomicInteger();
        final DriverRegistry registry = DriverRegistry.builtIns().registerFactory("moody", spec -> env -> {
            // A driver that depends on state outside the replay: the second replay logs something else.
            env.log("I have been made " + runs.incrementAndGet() + " times");
            return new Quiet(spec.name());
        });
        write("m.scenario", "guest register m driver=moody\nguest boot\n");
        final List<DynamicTest> tests = ScenarioTests.of(ScenarioFiles.under(dir), registry, true).toList();
        final Throwable e = failureOf(tests.get(0));
        assertTrue(e.getMessage().contains("the second replay differed from the first:\n--- first replay\n"
                + "+++ second replay\n"), e.getMessage());
        assertTrue(e.getMessage().contains("-      0.000 ms  driver m: I have been made 1 times\n"
                + "+      0.000 ms  driver m: I have been made 2 times\n"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("m.transcript")), "no golden is written from an unstable replay");
    }

    @Test
    void scenariosAreFoundInJarsOnTheClassPathWithTheirGoldens() throws IOException {
        final Path jar = dir.resolve("s.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            // Directory entries too, as Maven's jars have them: a class loader finds a folder by its entry.
            for (final String d : new String[] {"my/", "my/scen/", "my/scen/sub/"}) {
                j.putNextEntry(new JarEntry(d));
                j.closeEntry();
            }
            for (final String[] e : new String[][] {{"my/scen/b.scenario", GOOD}, {"my/scen/b.transcript", "x\n"},
                    {"my/scen/sub/a.scenario", GOOD}, {"my/other.scenario", GOOD}}) {
                j.putNextEntry(new JarEntry(e[0]));
                j.write(e[1].getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            final List<ScenarioSource> found = ScenarioFiles.onClassPath("my/scen", loader);
            assertEquals(List.of("my/scen/b.scenario", "my/scen/sub/a.scenario"),
                    found.stream().map(ScenarioSource::source).toList());
            assertEquals("x\n", found.get(0).golden());
            assertEquals(null, found.get(1).golden());
            assertFalse(found.get(0).goldenWritable());
            final Throwable e = failureOf(ScenarioTests.of(found, DriverRegistry.builtIns(), true).toList().get(0));
            assertTrue(e.getMessage().contains("is on the class path: its golden transcript cannot be rewritten"),
                    String.valueOf(e));
        }
    }

    @Test
    void anEmptyFolderIsAnErrorNotAGreenBuild() {
        assertThrows(IllegalArgumentException.class, () -> tests(false));
    }

    /** A driver with no classes that binds nothing. */
    private record Quiet(String name) implements VmbusDriver {
        @Override
        public List<DeviceId> idTable() {
            return List.of();
        }

        @Override
        public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void remove(final VmbusDevice device) {
            // nothing
        }
    }
}

package org.vmbussim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./vmbus-sim} launcher at the repository root, run by bash in a scratch copy of the
 * repository layout with stand-ins for {@code mvn} (it logs its call and writes the jar) and
 * {@code java} (it logs its arguments and exits with a chosen code), so the build-if-needed logic
 * and the exit-code pass-through are tested without a real build.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherScriptTest {
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path root;
    private Path bin;
    private Path jar;
    private Path log;

    static Path launcher() {
        final String path = System.getProperty("vmbussim.launcher");
        assertTrue(path != null, "surefire sets vmbussim.launcher");
        return Path.of(path).toAbsolutePath().normalize();
    }

    @Test
    void theScriptIsExecutableAndValidBash() throws Exception {
        final Path script = launcher();
        assertTrue(Files.isExecutable(script), script + " must be executable");
        final Result r = exec(List.of("bash", "-n", script.toString()), Map.of());
        assertEquals(0, r.exitCode, r.output);
    }

    @BeforeEach
    void scratchRepository() throws IOException {
        Files.copy(launcher(), root.resolve("vmbus-sim"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve("uapi/src/main/java"));
        Files.writeString(root.resolve("uapi/src/main/java/A.java"), "class A {}\n");
        jar = root.resolve("vmbus-sim-cli/target/vmbus-sim.jar");
        log = root.resolve("calls.log");
        bin = Files.createDirectories(root.resolve("fake-bin"));
        // The stand-ins log what they were asked, one line each.
        stub("mvn", "echo \"mvn $* (in $PWD)\" >> '" + log + "'\n"
                + "[ \"${FAKE_MVN_FAIL:-}\" = 1 ] && { echo 'BUILD FAILURE'; exit 1; }\n"
                + "mkdir -p vmbus-sim-cli/target && echo jar > vmbus-sim-cli/target/vmbus-sim.jar\n");
        stub("java", "echo \"java $*\" >> '" + log + "'\n"
                + "for a in \"$@\"; do echo \"arg:$a\"; done\n"
                + "exit \"${FAKE_JAVA_EXIT:-0}\"\n");
    }

    private void stub(final String name, final String body) throws IOException {
        final Path p = bin.resolve(name);
        Files.writeString(p, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void buildsOnceWhenTheJarIsMissingThenRunsItWithTheArguments() throws Exception {
        final Result first = launch(Map.of(), "layout", "encode", "az_blob_request_sync", "a b");
        assertEquals(0, first.exitCode, first.output);
        assertTrue(first.output.contains("vmbus-sim: building the CLI first"), first.output);
        assertTrue(first.output.contains("arg:-jar\narg:" + jar.toRealPath() + "\narg:layout\narg:encode\n"
                + "arg:az_blob_request_sync\narg:a b\n"), first.output);
        assertEquals(List.of(
                "mvn -B -q -ntp -DskipTests package -pl vmbus-sim-cli -am (in " + root.toRealPath() + ")",
                "java -jar " + jar.toRealPath() + " layout encode az_blob_request_sync a b"), calls());

        final Result second = launch(Map.of(), "layout", "list");
        assertEquals(0, second.exitCode, second.output);
        assertFalse(second.output.contains("building"), second.output);
        assertEquals(3, calls().size(), "no second build: " + calls());
    }

    @Test
    void rebuildsWhenASourceFileOrPomIsNewerThanTheJar() throws Exception {
        launch(Map.of(), "layout", "list");
        final FileTime hourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        final FileTime twoHoursAgo = FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS));
        Files.setLastModifiedTime(root.resolve("pom.xml"), twoHoursAgo);
        Files.setLastModifiedTime(root.resolve("uapi/src/main/java/A.java"), twoHoursAgo);
        Files.setLastModifiedTime(jar, hourAgo);
        launch(Map.of(), "layout", "list");
        assertEquals(1, calls().stream().filter(c -> c.startsWith("mvn")).count(), "jar current: " + calls());

        Files.setLastModifiedTime(root.resolve("uapi/src/main/java/A.java"), FileTime.from(Instant.now()));
        launch(Map.of(), "layout", "list");
        assertEquals(2, calls().stream().filter(c -> c.startsWith("mvn")).count(), "source newer: " + calls());

        Files.setLastModifiedTime(jar, hourAgo);
        Files.setLastModifiedTime(root.resolve("uapi/src/main/java/A.java"), twoHoursAgo);
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now()));
        launch(Map.of(), "layout", "list");
        assertEquals(3, calls().stream().filter(c -> c.startsWith("mvn")).count(), "pom newer: " + calls());
    }

    @Test
    void passesTheExitCodeThrough() throws Exception {
        for (final int code : new int[] {0, 1, 2, 3}) {
            final Result r = launch(Map.of("FAKE_JAVA_EXIT", Integer.toString(code)), "layout", "list");
            assertEquals(code, r.exitCode, r.output);
        }
    }

    @Test
    void aFailedBuildExitsThreeWithoutRunning() throws Exception {
        final Result r = launch(Map.of("FAKE_MVN_FAIL", "1"), "layout", "list");
        assertEquals(ExitCode.RUNTIME_ERROR, r.exitCode, r.output);
        assertTrue(r.output.contains("BUILD FAILURE") && r.output.contains("vmbus-sim: the build failed"), r.output);
        assertTrue(calls().stream().noneMatch(c -> c.startsWith("java")), calls().toString());
    }

    @Test
    void worksThroughASymlinkFromAnotherDirectory() throws Exception {
        final Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(elsewhere.resolve("vs"), root.resolve("vmbus-sim"));
        final Result r = exec(List.of(elsewhere.resolve("vs").toString(), "layout", "list"), Map.of(), elsewhere);
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("arg:" + jar.toRealPath()), r.output);
    }

    private Result launch(final Map<String, String> env, final String... args) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(root.resolve("vmbus-sim").toString());
        command.addAll(List.of(args));
        return exec(command, env, root);
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private Result exec(final List<String> command, final Map<String, String> env) throws Exception {
        return exec(command, env, root);
    }

    private Result exec(final List<String> command, final Map<String, String> env, final Path dir)
            throws Exception {
        final Path output = Files.createTempFile(root, "output", ".txt");
        final ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("VMBUS_SIM_JAVA_OPTS");
        pb.environment().put("PATH", (bin == null ? "" : bin + ":") + System.getenv("PATH"));
        pb.environment().putAll(env);
        final Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}

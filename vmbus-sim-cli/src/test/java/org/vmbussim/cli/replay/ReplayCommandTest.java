package org.vmbussim.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vmbussim.cli.CliHarness;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.VmbusSimCli;
import org.vmbussim.cli.term.Terminal;
import org.vmbussim.testfixtures.scenario.ScenarioFiles;

class ReplayCommandTest {
    private static final String GOOD = """
            seed 5
            guest register blob driver=opening classes=azure-blob
            host offer b azure-blob
            guest boot
            expect bound b to blob
            """;

    @TempDir
    Path dir;

    private Path write(final String name, final String text) throws IOException {
        final Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void withoutFilesItReplaysTheShippedScenariosAndTheyAllPass() {
        final CliHarness.Result r = CliHarness.run("replay");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        final int shipped = ScenarioFiles.shipped().size();
        assertTrue(r.out().contains("== scenarios/boot-azure-vm.scenario\nscenario boot-azure-vm (seed 11): "),
                r::describe);
        assertTrue(r.out().contains("PASS scenarios/rescind-during-probe.scenario\n"), r::describe);
        assertTrue(r.out().endsWith("\n" + shipped + " scenarios: " + shipped + " passed, 0 failed\n"), r::describe);
        assertEquals("", r.err(), "the scenarios' injected faults do not spill warnings onto standard error");
        assertTrue(LoggerFactory.getLogger("org.vmbussim.x").isWarnEnabled(), "log levels are restored");
    }

    @Test
    void quietPrintsNothingWhenEverythingPasses() {
        final CliHarness.Result r = CliHarness.run("replay", "--quiet");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals("", r.out());
        assertEquals("", r.err());
    }

    @Test
    void updateWritesTheGoldenThenAMismatchFailsWithADiff() throws IOException {
        final Path file = write("s/one.scenario", GOOD);
        final CliHarness.Result first = CliHarness.run("replay", file.toString());
        assertEquals(ExitCode.OK, first.exitCode(), first::describe);
        assertTrue(first.out().contains("PASS " + file + " (no golden transcript)\n"), first::describe);

        final Path golden = dir.resolve("s/one.transcript");
        final CliHarness.Result updated = CliHarness.run("replay", "--update", dir.resolve("s").toString());
        assertEquals(ExitCode.OK, updated.exitCode(), updated::describe);
        assertTrue(updated.out().contains("PASS " + file + " (wrote " + golden + ")\n"), updated::describe);
        assertTrue(Files.readString(golden).startsWith("scenario one (seed 5)\n"));

        final CliHarness.Result again = CliHarness.run("replay", file.toString());
        assertEquals(ExitCode.OK, again.exitCode(), again::describe);
        assertTrue(again.out().contains("PASS " + file + "\n1 scenario: 1 passed, 0 failed\n"), again::describe);

        Files.writeString(golden, Files.readString(golden).replace("driver=blob", "driver=old"));
        final CliHarness.Result mismatch = CliHarness.run("replay", "-q", file.toString());
        assertEquals(ExitCode.FAILED, mismatch.exitCode(), mismatch::describe);
        assertEquals("FAIL " + file + "\n"
                + "  " + file + ": the transcript differs from " + golden + ":\n"
                + "  --- " + golden + "\n"
                + "  +++ replay of " + file + "\n", mismatch.out().substring(0, mismatch.out().indexOf("  @@")));
        assertTrue(mismatch.out().contains("\n  -      0.000 ms  bus probed b relid=1 driver=old\n"
                + "  +      0.000 ms  bus probed b relid=1 driver=blob\n"), mismatch::describe);
    }

    @Test
    void aFailedExpectationExitsOneAndNamesFileAndLine() throws IOException {
        final Path file = write("f.scenario", GOOD + "expect devices 3\n");
        final CliHarness.Result r = CliHarness.run("replay", file.toString());
        assertEquals(ExitCode.FAILED, r.exitCode(), r::describe);
        assertTrue(r.out().contains("      0.000 ms  expect devices 3 -> FAILED: devices is 1\n"), r::describe);
        assertTrue(r.out().contains("FAIL " + file + "\n  " + file + ":6: expect devices 3: devices is 1\n"
                + "1 scenario: 0 passed, 1 failed\n"), r::describe);
        final CliHarness.Result update = CliHarness.run("replay", "--update", file.toString());
        assertEquals(ExitCode.FAILED, update.exitCode(), update::describe);
        assertFalse(Files.exists(dir.resolve("f.transcript")), "a failing replay does not become a golden");
    }

    @Test
    void aParseErrorExitsTwoAfterReplayingTheOtherFiles() throws IOException {
        write("a-bad.scenario", "guest boot\nguest register x driver=warp-drive\n");
        write("b-good.scenario", GOOD);
        final CliHarness.Result r = CliHarness.run("replay", dir.toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertEquals("vmbus-sim replay: " + dir.resolve("a-bad.scenario") + ":2: unknown driver 'warp-drive' "
                + "(registered: failing-probe, hv_azure_blob, hvsock, opening, passive, pending-io, slow-probe)\n",
                r.err());
        assertTrue(r.out().contains("PASS " + dir.resolve("b-good.scenario")), r::describe);
        assertTrue(r.out().endsWith("2 scenarios: 1 passed, 0 failed, 1 did not parse\n"), r::describe);
    }

    @Test
    void badArgumentsExitTwo() throws IOException {
        final CliHarness.Result missing = CliHarness.run("replay", dir.resolve("nope.scenario").toString());
        assertEquals(ExitCode.USAGE, missing.exitCode(), missing::describe);
        assertEquals("vmbus-sim replay: no such file or folder: " + dir.resolve("nope.scenario") + "\n",
                missing.err());
        final CliHarness.Result empty = CliHarness.run("replay", dir.toString());
        assertEquals(ExitCode.USAGE, empty.exitCode(), empty::describe);
        assertEquals("vmbus-sim replay: no *.scenario files below " + dir + "\n", empty.err());
        final CliHarness.Result shipped = CliHarness.run("replay", "--update");
        assertEquals(ExitCode.USAGE, shipped.exitCode(), shipped::describe);
        assertTrue(shipped.err().startsWith("vmbus-sim replay: --update needs scenario files"), shipped::describe);
    }

    @Test
    void aTerminalGetsAProgressBarForSeveralFiles() throws IOException {
        write("a.scenario", GOOD);
        write("b.scenario", GOOD);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = VmbusSimCli.run(Terminal.of(InputStream.nullInputStream(), new PrintWriter(out),
                new PrintWriter(err), true, 80), "replay", "--quiet", dir.toString());
        assertEquals(ExitCode.OK, code, err::toString);
        assertTrue(out.toString().startsWith("\rreplay ["), out.toString());
        assertTrue(out.toString().contains("] 100% 2/2"), out.toString());

        final StringWriter single = new StringWriter();
        VmbusSimCli.run(Terminal.of(InputStream.nullInputStream(), new PrintWriter(single), new PrintWriter(err),
                true, 80), "replay", "--quiet", dir.resolve("a.scenario").toString());
        assertEquals("", single.toString(), "one file: no bar");
    }
}

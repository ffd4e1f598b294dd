package org.vmbussim.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmbussim.cli.CliHarness;
import org.vmbussim.cli.ExitCode;

class DemoCommandTest {

    @Test
    void theDemoRunsEndToEndAndVerifiesItsData() {
        final CliHarness.Result r = CliHarness.run("demo");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        final String out = r.out();
        assertTrue(out.contains("AZURE_BLOB  {a2b10b00-0000-4000-8000-000000000001}  bound to hv_azure_blob"), out);
        assertTrue(out.contains("ignored: VPCI_INSTANCE_IGNORED"), out);
        assertTrue(out.contains("PUT    /devstoreaccount1/demo?restype=container"), out);
        assertTrue(out.contains("-> 206 Partial Content"), out);
        assertTrue(out.contains("All data read back matched what was written."), out);
    }

    @Test
    void twoDevicesAndAFileStore(@TempDir final Path dir) {
        final CliHarness.Result r = CliHarness.run("demo", "--devices", "2", "--backend", "file:" + dir);
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertTrue(r.out().contains("/dev/azure_blob1"), r.out());
        assertTrue(Files.exists(dir), "the store's directory");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, CliHarness.run("demo", "--devices", "0").exitCode());
        final CliHarness.Result r = CliHarness.run("demo", "--backend", "ftp:x");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("expected: memory, file:DIR or rest:URL"), r.err());
    }

    @Test
    void statsPrintsTheCountersOfEveryLayer() {
        final CliHarness.Result r = CliHarness.run("stats", "--requests", "20", "--devices", "2");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertTrue(r.out().contains("/dev/azure_blob1: guest driver statistics"), r.out());
        assertTrue(r.out().contains("requestorFullEvents"), r.out());
        assertTrue(r.out().contains("host provider: relid"), r.out());
        assertTrue(r.out().contains("All data read back matched."), r.out());
    }

    @Test
    void pendingListsHeldRequestsInTheSeedsFormat() {
        final CliHarness.Result r = CliHarness.run("pending", "--hold", "2");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertTrue(r.out().contains("List of pending requests\nUUID request_len response_len data_len data_valid "
                + "request_buffer response_buffer data_buffer\nfile context for pid "), r.out());
        assertTrue(r.out().contains("EXECUTING PUT /devstoreaccount1/pending/held-"), r.out());
        assertTrue(r.out().contains("Released; all 2 requests completed."), r.out());
    }
}

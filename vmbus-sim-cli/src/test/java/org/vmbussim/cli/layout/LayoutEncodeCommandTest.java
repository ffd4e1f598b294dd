package org.vmbussim.cli.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmbussim.cli.CliHarness;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.wire.LayoutRegistry;

class LayoutEncodeCommandTest {
    /** python3: struct.pack('<16s6I3Q2I', bytes(16), 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).hex() */
    private static final String TIMEOUT_5 = "0000000000000000000000000000000005000000000000000000000000000000"
            + "00000000000000000000000000000000000000000000000000000000000000000000000000000000";

    /**
     * python3: struct.pack('<16s6I3Q2I', bytes.fromhex('92b7900564dbcc4581dbb8d70c577c9e'), 5, 4096, 512, 0, 0, 0,
     * 0x7f0000001000, 0, 0, 0x16, 0).hex(); the GUID bytes are {0590b792-db64-45cc-81db-b8d70c577c9e} in
     * mixed-endian order.
     */
    private static final String SEVERAL_FIELDS = "92b7900564dbcc4581dbb8d70c577c9e05000000001000000002000000000000"
            + "000000000000000000100000007f0000000000000000000000000000000000001600000000000000";

    @Test
    void rawEncodingOfTheIssueExampleIs72BytesOfHexAndANewline() {
        final CliHarness.Result r = CliHarness.run("layout", "encode", "az_blob_request_sync", "timeout=5", "--raw");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals(144, TIMEOUT_5.length());
        assertEquals(TIMEOUT_5 + "\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void rawEncodingTakesEveryTextForm() {
        final CliHarness.Result r = CliHarness.run("layout", "encode", "--raw", "az_blob_request_sync",
                "guid={0590B792-DB64-45CC-81DB-B8D70C577C9E}", "timeout=5", "request_len=0x1000", "response_len=512",
                "request_buffer=0x7f00_0000_1000", "response.status=0x16");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals(SEVERAL_FIELDS + "\n", r.out());
    }

    @Test
    void encodesAnArrayAndATail() {
        // python3: struct.pack('<II3Q', 3, 0, 1, 2, 0x123456789).hex()
        assertEquals("0300000000000000010000000000000002000000000000008967452301000000\n",
                CliHarness.run("layout", "encode", "cli_test_pfn_list", "pfn_count=3", "pfn_array=1,2,0x123456789",
                        "--raw").out());
        final String tail = CliHarness.run("layout", "encode", "cli_test_tail", "data=0a0b0c", "--raw").out();
        assertEquals("00".repeat(92) + "0a0b0c\n", tail);
    }

    @Test
    void theAnnotatedDumpShowsEachFieldsOffsetSizeNameValueAndBytes() {
        final CliHarness.Result r = CliHarness.run("layout", "encode", "az_blob_request_sync",
                "guid={0590b792-db64-45cc-81db-b8d70c577c9e}", "timeout=5", "request_len=4096",
                "request_buffer=0x7f0000001000", "response.status=0x16");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        final List<String> lines = r.out().lines().toList();
        final String header = lines.get(1);
        assertEquals("az_blob_request_sync: 72 bytes, ioctl argument of /dev/azure_blob "
                + "(include/uapi/misc/hv_azure_blob.h)", lines.get(0));
        assertTrue(lines.get(1).matches("offset  size  field +value +bytes"), lines.get(1));
        assertTrue(lines.get(2).matches("-+"), lines.get(2));
        assertRow(header, lines.get(3), "0", "16", "guid", "{0590b792-db64-45cc-81db-b8d70c577c9e}",
                "92 b7 90 05 64 db cc 45");
        assertRow(header, lines.get(4), "8", "", "", "", "81 db b8 d7 0c 57 7c 9e");
        assertRow(header, lines.get(5), "16", "4", "timeout", "5", "05 00 00 00");
        assertRow(header, lines.get(6), "20", "4", "request_len", "4096 (0x1000)", "00 10 00 00");
        assertRow(header, lines.get(10), "36", "4", "reserved0", "0", "00 00 00 00");
        assertRow(header, lines.get(11), "40", "8", "request_buffer", "0x7f0000001000", "00 10 00 00 00 7f 00 00");
        assertRow(header, lines.get(14), "64", "4", "response.status", "22 (0x16)", "16 00 00 00");
        assertRow(header, lines.get(15), "68", "4", "response.response_len", "0", "00 00 00 00");
        assertEquals(16, lines.size(), r::describe);
    }

    /**
     * Checks a dump row cell by cell, cutting it where the header's columns are: offset and size are
     * right-aligned under their headings, field, value and bytes start where their headings start.
     */
    private static void assertRow(final String header, final String row, final String offset, final String size,
            final String field, final String value, final String bytes) {
        final int sizeStart = header.indexOf("size");
        final int fieldStart = header.indexOf("field");
        final int valueStart = header.indexOf("value");
        final int bytesStart = header.indexOf("bytes");
        final String padded = row + " ".repeat(Math.max(0, bytesStart - row.length()));
        assertEquals(List.of(offset, size, field, value, bytes), List.of(
                padded.substring(0, sizeStart).trim(),
                padded.substring(sizeStart, fieldStart).trim(),
                padded.substring(fieldStart, valueStart).trim(),
                padded.substring(valueStart, bytesStart).trim(),
                padded.substring(bytesStart).trim()), row);
        assertEquals(' ', padded.charAt(sizeStart - 1), "offset right-aligned: " + row);
        assertEquals(' ', padded.charAt(fieldStart - 1), "size right-aligned: " + row);
    }

    @Test
    void aLongRunOfIdenticalBytesCollapsesToAStar() {
        final CliHarness.Result r = CliHarness.run("layout", "encode", "cli_test_tail", "kind=1", "data=ff");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        final List<String> lines = r.out().lines().toList();
        final String header = lines.get(1);
        final int pad = indexOfLineContaining(lines, " pad ");
        assertRow(header, lines.get(pad), "28", "64", "pad", "(64 bytes)", "00 00 00 00 00 00 00 00");
        assertEquals("*", lines.get(pad + 1).trim());
        assertRow(header, lines.get(pad + 2), "84", "", "", "", "00 00 00 00 00 00 00 00");
        assertRow(header, lines.get(pad + 3), "92", "1", "data", "ff", "ff");
    }

    @Test
    void anEmptyTailHasItsOwnRow() {
        final List<String> lines = CliHarness.run("layout", "encode", "cli_test_pfn_list").out().lines().toList();
        final String header = lines.get(1);
        assertRow(header, lines.get(lines.size() - 1), "8", "0", "pfn_array", "(0 elements)", "");
    }

    private static int indexOfLineContaining(final List<String> lines, final String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with \"" + text + "\" in " + lines);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nope timeout=5              | unknown struct "nope" (known: {KNOWN})
            az_blob_request_sync timout=5 | struct az_blob_request_sync has no field "timout" (fields: guid, timeout, \
            request_len, response_len, data_len, data_valid, reserved0, request_buffer, response_buffer, data_buffer, \
            response.status, response.response_len)
            az_blob_request_sync timeout | "timeout" is not FIELD=VALUE (fields of az_blob_request_sync: guid, \
            timeout, request_len, response_len, data_len, data_valid, reserved0, request_buffer, response_buffer, \
            data_buffer, response.status, response.response_len)
            az_blob_request_sync =5     | "=5" is not FIELD=VALUE (fields of az_blob_request_sync: guid, timeout, \
            request_len, response_len, data_len, data_valid, reserved0, request_buffer, response_buffer, data_buffer, \
            response.status, response.response_len)
            az_blob_request_sync timeout=abc | az_blob_request_sync.timeout: not an unsigned integer: "abc" \
            (expected: decimal or 0x-hex)
            az_blob_request_sync timeout=-1 | az_blob_request_sync.timeout: not an unsigned integer: "-1" \
            (expected: decimal or 0x-hex)
            az_blob_request_sync timeout=4294967296 | az_blob_request_sync.timeout: value=4294967296 does not fit u32 \
            (expected: 0 to 4294967295)
            az_blob_request_sync timeout=1 timeout=2 | az_blob_request_sync.timeout: given twice
            az_blob_request_sync guid={0590b792-db64} | az_blob_request_sync.guid: not a GUID: "{0590b792-db64}" \
            (expected: {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx})
            cli_test_tail pad=00        | cli_test_tail.pad: pad: 1 bytes (expected: 64)
            cli_test_tail data=abc      | cli_test_tail.data: not hex bytes: "abc" (string length not even: 3)
            cli_test_pfn_list pfn_array=1,x | cli_test_pfn_list.pfn_array: not an unsigned integer: "x" \
            (expected: decimal or 0x-hex)
            """)
    void badInputIsOneLineNamingTheProblemAndExitsTwo(final String args, final String message) {
        final List<String> argv = new ArrayList<>(List.of("layout", "encode"));
        argv.addAll(List.of(args.trim().split(" ")));
        final CliHarness.Result r = CliHarness.run(argv.toArray(new String[0]));
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        final String known = String.join(", ", LayoutRegistry.discover().layouts().keySet());
        assertEquals("vmbus-sim layout encode: " + message.replace("{KNOWN}", known) + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMissingStructNameIsAUsageError() {
        final CliHarness.Result r = CliHarness.run("layout", "encode");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("vmbus-sim layout encode: Missing required parameter: 'STRUCT'\n"), r::describe);
        assertTrue(r.err().endsWith("Try 'vmbus-sim layout encode --help' for more information.\n"), r::describe);
    }

    @Test
    void theHelpListsTheStructNames() {
        final String help = CliHarness.run("layout", "encode", "--help").out().replaceAll("\\s+", " ");
        final String known = String.join(", ", LayoutRegistry.discover().layouts().keySet());
        assertTrue(help.contains("one of: " + known + "."), help);
    }
}

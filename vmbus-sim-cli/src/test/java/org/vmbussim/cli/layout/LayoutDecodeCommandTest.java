package org.vmbussim.cli.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vmbussim.cli.CliHarness;
import org.vmbussim.cli.ExitCode;

class LayoutDecodeCommandTest {
    /** az_blob_vsp_response (u32 length, error, response_len): python3 struct.pack('&lt;III', 12, 0x16, 512). */
    private static final String VSP_RESPONSE = "0c000000" + "16000000" + "00020000";

    private static final String REQUEST_SYNC_LINES = "guid={0590b792-db64-45cc-81db-b8d70c577c9e}\n"
            + "timeout=5\nrequest_len=4096\nresponse_len=512\ndata_len=0\ndata_valid=0\nreserved0=0\n"
            + "request_buffer=0x7f0000001000\nresponse_buffer=0x0\ndata_buffer=0x0\nresponse.status=22\n"
            + "response.response_len=0\n";

    /** The SEVERAL_FIELDS bytes of LayoutEncodeCommandTest, computed with python3 struct.pack. */
    private static final String REQUEST_SYNC_HEX = "92b7900564dbcc4581dbb8d70c577c9e05000000001000000002000000000000"
            + "000000000000000000100000007f0000000000000000000000000000000000001600000000000000";

    @Test
    void printsOneFieldEqualsValueLinePerField() {
        final CliHarness.Result r = CliHarness.run("layout", "decode", "az_blob_request_sync", REQUEST_SYNC_HEX);
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals(REQUEST_SYNC_LINES, r.out());
        assertEquals("", r.err());
    }

    @Test
    void acceptsHexWithSpacesInOneOrManyArguments() {
        final String spaced = REQUEST_SYNC_HEX.replaceAll("(..)", "$1 ");
        assertEquals(REQUEST_SYNC_LINES, CliHarness.run("layout", "decode", "az_blob_request_sync", spaced).out());
        assertEquals(REQUEST_SYNC_LINES,
                CliHarness.run(("layout decode az_blob_request_sync " + spaced).split(" ")).out());
    }

    @Test
    void dashReadsTheHexFromStandardInput() {
        final CliHarness.Result r = CliHarness.runWithInput(REQUEST_SYNC_HEX.substring(0, 70) + "\n"
                + REQUEST_SYNC_HEX.substring(70) + "\n", "layout", "decode", "az_blob_request_sync", "-");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals(REQUEST_SYNC_LINES, r.out());
    }

    @Test
    void decodesPackedProtocolStructs() {
        final CliHarness.Result r = CliHarness.run("layout", "decode", "az_blob_vsp_response", VSP_RESPONSE);
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals("length=12\nerror=22\nresponse_len=512\n", r.out());
    }

    @Test
    void decodesACountedArrayByItsCount() {
        // python3: struct.pack('<II3Q', 3, 0, 1, 2, 0x123456789).hex()
        final CliHarness.Result r = CliHarness.run("layout", "decode", "cli_test_pfn_list",
                "0300000000000000010000000000000002000000000000008967452301000000");
        assertEquals("pfn_count=3\nreserved=0\npfn_array=0x1,0x2,0x123456789\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void bytesBeyondTheStructAreReportedOnStandardError() {
        final CliHarness.Result r = CliHarness.run("layout", "decode", "az_blob_vsp_response", VSP_RESPONSE + "ffee");
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals(3, r.out().lines().count(), r::describe);
        assertEquals("note: 2 trailing bytes after the 12-byte az_blob_vsp_response, not decoded: ffee\n", r.err());

        final CliHarness.Result array = CliHarness.run("layout", "decode", "cli_test_pfn_list",
                "01000000000000000100000000000000" + "0200000000000000");
        assertEquals(ExitCode.OK, array.exitCode(), array::describe);
        assertEquals("pfn_count=1\nreserved=0\npfn_array=0x1\n", array.out());
        assertEquals("note: 8 trailing bytes after the 16-byte cli_test_pfn_list, not decoded: 0200000000000000\n",
                array.err());
    }

    @Test
    void manyTrailingBytesAreShownInPart() {
        final CliHarness.Result r = CliHarness.run("layout", "decode", "guid_t", "00".repeat(16) + "ab".repeat(100));
        assertEquals(ExitCode.OK, r.exitCode(), r::describe);
        assertEquals("note: 100 trailing bytes after the 16-byte guid_t, not decoded: " + "ab".repeat(32) + "...\n",
                r.err());
    }

    @Test
    void hexTooShortForTheStructIsAUsageError() {
        final CliHarness.Result r = CliHarness.run("layout", "decode", "az_blob_request_sync", "0011");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertEquals("vmbus-sim layout decode: HEX: az_blob_request_sync: too short: length=2 (expected: >= 72)\n",
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void aCountBeyondTheBytesIsAUsageError() {
        final CliHarness.Result r = CliHarness.run("layout", "decode", "cli_test_pfn_list",
                "0200000000000000" + "0100000000000000");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertEquals("vmbus-sim layout decode: HEX: cli_test_pfn_list.pfn_array: count=2 needs 16 bytes, have 8\n",
                r.err());
    }

    @Test
    void malformedHexIsAUsageError() {
        final CliHarness.Result odd = CliHarness.run("layout", "decode", "guid_t", "000");
        assertEquals(ExitCode.USAGE, odd.exitCode(), odd::describe);
        assertEquals("vmbus-sim layout decode: HEX: not hex bytes: \"000\" (string length not even: 3)\n", odd.err());

        final CliHarness.Result bad = CliHarness.run("layout", "decode", "guid_t", "0g");
        assertEquals(ExitCode.USAGE, bad.exitCode(), bad::describe);
        assertEquals("vmbus-sim layout decode: HEX: not hex bytes: \"0g\" (not a hexadecimal digit: \"g\" = 103)\n",
                bad.err());
    }

    @Test
    void longMalformedHexIsNotQuotedInFull() {
        final String hex = "00".repeat(1000) + "zz";
        final CliHarness.Result r = CliHarness.runWithInput(hex, "layout", "decode", "guid_t", "-");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertEquals("vmbus-sim layout decode: HEX: not hex bytes (not a hexadecimal digit: \"z\" = 122)\n", r.err());
    }

    @Test
    void emptyStandardInputIsTooShort() {
        final CliHarness.Result r = CliHarness.runWithInput("", "layout", "decode", "guid_t", "-");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertEquals("vmbus-sim layout decode: HEX: guid_t: too short: length=0 (expected: >= 16)\n", r.err());
    }

    @Test
    void anUnknownStructIsAUsageErrorListingTheKnownOnes() {
        final CliHarness.Result r = CliHarness.run("layout", "decode", "az_blob", "00");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("vmbus-sim layout decode: unknown struct \"az_blob\" (known: "), r::describe);
        assertTrue(r.err().contains("az_blob_request_sync"), r::describe);
        assertEquals(1, r.err().lines().count(), r::describe);
    }

    @Test
    void missingHexIsAUsageError() {
        final CliHarness.Result r = CliHarness.run("layout", "decode", "guid_t");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("vmbus-sim layout decode: Missing required parameter: 'HEX'"), r::describe);
    }
}

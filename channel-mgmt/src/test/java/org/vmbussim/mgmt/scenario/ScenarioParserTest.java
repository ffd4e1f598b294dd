package org.vmbussim.mgmt.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmbussim.mgmt.device.IsolationPolicy;
import org.vmbussim.mgmt.device.VpciIgnoreList;
import org.vmbussim.mgmt.message.VmbusVersion;
import org.vmbussim.wire.Guid;

class ScenarioParserTest {
    private final ScenarioParser parser = new ScenarioParser(DriverRegistry.builtIns());

    private List<String> problems(final String text) {
        return assertThrows(ScenarioParseException.class, () -> parser.parse("t.scenario", text)).problems();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            frobnicate => t.scenario:2: unknown statement 'frobnicate'
            host => t.scenario:2: expected: host offer|offer-sub
            host teleport x => t.scenario:2: unknown host action 'teleport'
            host offer a => t.scenario:2: expected: host offer LABEL TYPE
            host offer a toaster => t.scenario:2: unknown device type 'toaster'
            host offer a unknown => t.scenario:2: UNKNOWN is not a device class
            host offer 1a scsi => t.scenario:2: bad label '1a'
            host offer a {1234} => t.scenario:2: bad GUID '{1234}'
            host offer a scsi colour=red => t.scenario:2: unknown option 'colour' in: host offer
            host offer a scsi mmio=70000 => t.scenario:2: mmioMegabytes
            host offer a scsi mmio=1 mmio=2 => t.scenario:2: option 'mmio' given twice
            host offer a scsi user=abc => t.scenario:2: bad hex bytes 'abc'
            host rescind nobody => t.scenario:2: unknown device 'nobody'
            host offer-sub s of=nobody index=1 => t.scenario:2: unknown device 'nobody'
            host ignore offer-channel => t.scenario:2: offer-channel is not a message
            host ignore open-sesame => t.scenario:2: unknown message type 'open-sesame'
            host fail-open 3 status=0 => t.scenario:2: status=0 is success
            host raw-offer r scsi => t.scenario:2: expected: host raw-offer LABEL
            host raw 0g => t.scenario:2: bad hex bytes '0g'
            guest fly => t.scenario:2: unknown guest action 'fly'
            guest boot now => t.scenario:2: expected: guest boot
            guest register x driver=nonesuch => t.scenario:2: unknown driver 'nonesuch' (registered: failing-probe
            guest register x driver=opening => t.scenario:2: driver 'x' needs classes=TYPE
            guest register x driver=opening classes=scsi speed=9 => t.scenario:2: driver 'x' has no option 'speed' (opti
            guest register x driver=opening classes=scsi ring-pages=1 => t.scenario:2: option ring-pages=1 (expected: 2
            guest register x driver=hvsock classes=scsi => t.scenario:2: an hv_sock driver matches hv_sock
            guest register x driver=slow-probe classes=scsi delay=soon => t.scenario:2: bad duration 'soon'
            guest register x driver=failing-probe classes=scsi errno=EWHAT => t.scenario:2: unknown errno 'EWHAT'
            guest unregister ghost => t.scenario:2: unknown driver 'ghost'
            guest probe ghost => t.scenario:2: unknown device 'ghost'
            expect => t.scenario:2: expected: expect WHAT
            expect happiness => t.scenario:2: unknown expectation 'happiness'
            expect devices many => t.scenario:2: bad number 'many'
            expect bound => t.scenario:2: expected: expect bound LABEL [to DRIVER]
            expect errno ENOTHING => t.scenario:2: unknown errno 'ENOTHING'
            expect drops guest sideways 1 => t.scenario:2: unknown drop reason 'sideways'
            expect drops nobody 1 => t.scenario:2: expected: expect drops guest|host
            expect transcript "unclosed => t.scenario:2: unclosed quote at column 19
            delay => t.scenario:2: expected: delay DURATION
            delay 5 minutes => t.scenario:2: expected: delay DURATION
            delay 5min => t.scenario:2: bad duration '5min'
            settle 1s 2s => t.scenario:2: expected: settle [DURATION]
            """)
    void everyBadLineNamesItsFileAndLine(final String line, final String expectedStart) {
        final List<String> p = problems("guest boot\n" + line + "\n");
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).startsWith(expectedStart.strip()), p.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            seed x => bad seed 'x'
            isolated maybe => expected yes or no, got 'maybe'
            isolation-policy 7 => unknown isolation policy '7'
            max-version 9.9 => unknown VMBus version '9.9'
            host-max-version WIN99 => unknown VMBus version 'WIN99'
            vpci-ignore {nope} => bad GUID '{nope}'
            timeout coffee 1s => unknown timeout 'coffee'
            timeout reply 0s => timeout reply must be more than 0
            max-relids 1 => max-relids 1 (expected: 2 to 2048)
            memory-pages 10 => memory-pages 10 (expected: 64 to 262144)
            host-model vsp class=scsi => unknown host model 'vsp'
            title => expected: title TEXT
            """)
    void badHeaderLinesAreReported(final String line, final String expected) {
        final List<String> p = problems(line + "\nguest boot\n");
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).startsWith("t.scenario:1: " + expected.strip()), p.get(0));
    }

    @Test
    void everyBadLineIsReportedInOneGo() {
        final List<String> p = problems("""
                seed 3
                host offer a scsi
                seed 4
                host offer a nic
                expect bound b
                guest register d driver=passive classes=kvp
                guest register d driver=passive classes=kvp
                """);
        assertEquals(List.of(
                "t.scenario:3: header line 'seed' after the first statement; move it to the top",
                "t.scenario:4: label 'a' is already used at line 2",
                "t.scenario:5: unknown device 'b' (define it first with: host offer b TYPE)",
                "t.scenario:7: driver 'd' was set up at line 6; register it again without options"), p);
    }

    @Test
    void aHeaderDirectiveMayAppearOnlyOnce() {
        assertEquals(List.of("t.scenario:2: 'seed' was already set at line 1"),
                problems("seed 1\nseed 2\nguest boot\n"));
        assertEquals(List.of("t.scenario:2: 'timeout drain' was already set at line 1"),
                problems("timeout drain 1s\ntimeout drain 2s\nguest boot\n"));
    }

    @Test
    void aFileWithoutStatementsIsRefused() {
        assertEquals(List.of("t.scenario:1: no statements (a scenario needs at least one action or expectation)"),
                problems("# only a comment\nseed 5\n"));
    }

    @Test
    void theHeaderConfiguresGuestHostAndRun() {
        final Scenario s = parser.parse("dir/my-case.scenario", """
                title "a title with  spaces" and a=b   # and a comment
                seed -42
                isolated yes
                isolation-policy 5.14
                max-version 5.2
                host-max-version 5.1
                vpci-ignore {11111111-2222-3333-4444-555555555555} {d4573da2-2caa-4711-a8f9-bbabf4ee9685}
                seed-vpci-defect yes
                timeout reply 250ms
                timeout unload 3s
                timeout offer-wait 100us
                timeout drain 0s
                timeout probe 7s
                max-relids 64
                memory-pages 0x200
                end-settle 5s

                guest boot
                expect connected
                """);
        assertEquals("my-case", s.name());
        assertEquals("dir/my-case.scenario", s.source());
        assertEquals("a title with  spaces and a=b", s.title().orElseThrow());
        assertEquals(-42, s.seed());
        assertTrue(s.guestConfig().isolated());
        assertEquals(IsolationPolicy.LINUX_5_14, s.guestConfig().isolationPolicy());
        assertEquals(VmbusVersion.WIN10_V5_2, s.guestConfig().versions().get(0));
        assertEquals(VmbusVersion.WIN10_V5_1, s.hostConfig().maxVersion());
        assertEquals(List.of(Guid.parse("{11111111-2222-3333-4444-555555555555}"),
                VpciIgnoreList.AZURE_BLOB_VPCI_INSTANCE), s.guestConfig().vpciIgnore().instances());
        assertTrue(s.guestConfig().seedVpciDefect());
        assertEquals(250_000_000L, s.guestConfig().replyTimeoutNanos());
        assertEquals(3_000_000_000L, s.guestConfig().unloadTimeoutNanos());
        assertEquals(100_000L, s.guestConfig().offerWaitTimeoutNanos());
        assertEquals(0L, s.guestConfig().bus().drainTimeoutNanos());
        assertEquals(7_000_000_000L, s.guestConfig().bus().probeTimeoutNanos());
        assertEquals(64, s.guestConfig().maxRelids());
        assertEquals(512, s.memoryPages());
        assertEquals(5_000_000_000L, s.endSettleNanos());
        assertEquals(2, s.statementCount());
    }

    @Test
    void defaultsAreLinuxsAndTheHeaderIsOptional() {
        final Scenario s = parser.parse("x", "guest boot\n");
        assertEquals("x", s.name());
        assertEquals(1, s.seed());
        assertTrue(s.title().isEmpty());
        assertEquals(VpciIgnoreList.defaults().instances(), s.guestConfig().vpciIgnore().instances());
        assertEquals(Scenario.DEFAULT_MEMORY_PAGES, s.memoryPages());
        assertTrue(s.hostModels().isEmpty());
        assertTrue(parser.parse("y", "vpci-ignore none\nguest boot\n").guestConfig().vpciIgnore().instances()
                .isEmpty());
    }

    @Test
    void quotedWordsKeepSpacesAndHashesAndAreNeverOptions() {
        final ScenarioLine l = ScenarioLine.split("f", 1, "expect transcript \"a=b # c\"  # comment");
        assertEquals(List.of("expect", "transcript", "a=b # c"), List.of(l.word(0), l.word(1), l.word(2)));
        assertEquals("expect transcript \"a=b # c\"", l.text());
        assertEquals(List.of("a=b # c"), l.args(2, "u", 1, 1, Set.of(), Set.of()).positional());
        assertTrue(ScenarioLine.split("f", 1, "   # nothing").isBlank());
    }

    @Test
    void crlfLineEndingsParse() {
        assertEquals(2, parser.parse("w", "seed 2\r\nguest boot\r\nexpect connected\r\n").statementCount());
    }
}

package org.vmbussim.mgmt.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.mgmt.bus.DeviceId;
import org.vmbussim.mgmt.bus.VmbusDevice;
import org.vmbussim.mgmt.bus.VmbusDriver;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.mgmt.sim.HostDeviceModel;
import org.vmbussim.mgmt.spi.DataPathSpec;

class ScenarioRunnerTest {
    private static final String HOT_ADD = """
            title "two blobs"
            guest register blob driver=opening classes=azure-blob
            host offer b1 azure-blob
            guest boot
            host offer b2 azure-blob
            expect bound b2 to blob
            host rescind b1
            expect ok
            expect channels 1
            """;

    private static ScenarioResult run(final DriverRegistry registry, final String text) {
        return ScenarioRunner.run(new ScenarioParser(registry).parse("case.scenario", text));
    }

    private static ScenarioResult run(final String text) {
        return run(DriverRegistry.builtIns(), text);
    }

    @Test
    void theSameSeedGivesTheSameTranscriptAndAnotherSeedOtherInstances() {
        final ScenarioResult first = run("seed 7\n" + HOT_ADD);
        final ScenarioResult second = run("seed 7\n" + HOT_ADD);
        assertTrue(first.passed(), first::toString);
        assertEquals(first.transcript(), second.transcript());
        assertEquals(first.transcriptText(), second.transcriptText());
        final ScenarioResult other = run("seed 8\n" + HOT_ADD);
        assertTrue(other.passed());
        assertNotEquals(first.transcript(), other.transcript(), "made-up instance GUIDs follow the seed");
        assertEquals(first.transcript().size(), other.transcript().size());
        assertEquals("scenario case (seed 7): two blobs", first.transcript().get(0));
        assertTrue(first.transcriptText().endsWith(" ms  end devices=1 bound=1 channels=1 host-channels=1"
                + " offers-in-progress=0 ring-pages-kept=0 guest-drops=0 host-drops=0\n"), first.transcriptText());
    }

    @Test
    void failedExpectationsAreCollectedWithFileAndLineAndTheReplayGoesOn() {
        final ScenarioResult r = run("""
                guest register blob driver=opening classes=azure-blob
                host offer b azure-blob
                guest boot
                expect bound b to someone-else
                expect devices 5
                expect errno ENODEV
                expect pending
                expect unbound b
                expect transcript "guest unregister"
                expect transcript "probed b relid=1"
                expect ignored b
                expect removed b
                expect drops guest too-short 1
                expect connected 4.0
                """);
        assertFalse(r.passed());
        assertEquals(List.of(
                "case.scenario:4: expect bound b to someone-else: b is bound to blob",
                "case.scenario:5: expect devices 5: devices is 1",
                "case.scenario:6: expect errno ENODEV: 'guest boot' succeeded",
                "case.scenario:7: expect pending: 'guest boot' has completed",
                "case.scenario:8: expect unbound b: b is bound",
                "case.scenario:9: expect transcript \"guest unregister\": no transcript line contains"
                        + " \"guest unregister\"",
                "case.scenario:11: expect ignored b: the guest did not ignore b",
                "case.scenario:12: expect removed b: b was not removed",
                "case.scenario:13: expect drops guest too-short 1: guest dropped 0 too-short messages",
                "case.scenario:14: expect connected 4.0: the guest speaks 5.3"),
                r.failures().stream().map(Object::toString).toList());
        assertTrue(r.transcript().contains("      0.000 ms  expect devices 5 -> FAILED: devices is 1"),
                r.transcriptText());
    }

    @Test
    void aStepThatCannotRunFailsWithItsLineAndTheRestStillRuns() {
        final ScenarioResult r = run("""
                host offer s scsi
                host offer-sub s1 of=s index=1
                host offer-sub s1again of=s index=1
                expect errno EEXIST
                host rescind s1again
                host rescind s1
                expect ok
                """);
        assertEquals(List.of("case.scenario:5: host rescind s1again: 's1again' has no relid (its offer did not"
                        + " complete)"),
                r.failures().stream().map(Object::toString).toList());
    }

    @Test
    void operationsStillPendingAtTheEndAreListed() {
        final ScenarioResult r = run("""
                timeout reply 30s
                end-settle 1s
                host offer b azure-blob
                guest boot
                host ignore open-channel
                guest register blob driver=opening classes=azure-blob
                expect pending
                """);
        assertTrue(r.passed(), r.failures()::toString);
        final String last = r.transcript().get(r.transcript().size() - 1);
        // Nothing was due within the second the end may settle: the clock stays where it was.
        assertEquals("      0.000 ms  end still pending: guest register blob driver=opening classes=azure-blob"
                + " (line 6)", last);
    }

    @Test
    void theReplyTimeoutEndsAProbeStuckOnASilentHost() {
        final ScenarioResult r = run("""
                timeout reply 2s
                host offer b azure-blob
                guest boot
                host ignore open-channel
                guest register blob driver=opening classes=azure-blob
                settle
                expect ok
                expect probe-failed b ETIMEDOUT
                expect unbound b
                """);
        assertTrue(r.passed(), r.failures()::toString);
        assertTrue(r.transcript().contains("   2000.000 ms  bus probe-failed b relid=1 driver=blob errno=ETIMEDOUT"),
                r.transcriptText());
    }

    @Test
    void anExceptionInASimulatorTaskIsAFailureAndInTheTranscript() {
        final DriverRegistry registry = DriverRegistry.builtIns().registerFactory("bomb", spec -> env ->
                new VmbusDriver() {
                    @Override
                    public String name() {
                        return spec.name();
                    }

                    @Override
                    public List<DeviceId> idTable() {
                        return spec.idTable();
                    }

                    @Override
                    public CompletionStage<Void> probe(final VmbusDevice device, final DeviceId matched) {
                        env.vm().scheduler().execute(() -> {
                            throw new IllegalStateException("boom");
                        });
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public void remove(final VmbusDevice device) {
                        // nothing
                    }
                });
        final ScenarioResult r = run(registry, """
                guest register b driver=bomb classes=scsi
                host offer s scsi
                guest boot
                expect bound s
                """);
        assertEquals(1, r.failures().size(), r.failures()::toString);
        assertEquals("case.scenario:3: guest boot: uncaught java.lang.IllegalStateException: boom",
                r.failures().get(0).toString());
        assertTrue(r.transcriptText().contains("ms  uncaught java.lang.IllegalStateException: boom\n"));
    }

    @Test
    void everyStatementKindWorksTogether() {
        final ScenarioResult r = run("""
                seed 99
                timeout drain 20ms
                guest register pio driver=pending-io classes=scsi requests=2 finish=1 finish-after=5ms ring-pages=2
                guest register slow driver=slow-probe classes=kvp delay=10ms open=no
                guest register bad driver=failing-probe classes=nic errno=EPERM
                guest register sock driver=hvsock
                host offer s scsi unmonitored no-dedicated-interrupt
                host offer k kvp user=0102
                host offer n nic flags=0x1
                host offer raw-dev {11111111-2222-4333-8444-555555555555}
                host offer h {22222222-2222-4333-8444-555555555555} hvsock
                guest boot
                expect state k probing
                settle 1s
                expect bound k to slow
                expect bound h to sock
                expect probe-failed n EPERM
                expect unbound raw-dev
                expect transcript "driver pio: request #1 on relid 1 completed"

                guest open raw-dev ring-pages=3
                expect ok
                expect channel-state raw-dev opened
                guest open raw-dev
                expect errno EBUSY
                guest close raw-dev
                expect ok
                guest close raw-dev
                expect errno EINVAL
                host fail-open raw-dev count=1 status=0xC0000022
                guest open raw-dev
                expect errno EAGAIN
                host ignore gpadl-header
                guest open raw-dev
                delay 1s
                expect pending
                settle
                expect errno ETIMEDOUT
                expect ring-pages-kept 8

                host raw-rescind 4
                expect rescinded raw-dev
                expect released raw-dev
                guest unload
                expect pending
                delay 20ms
                expect ok
                expect removed s reason=unload aborted-io=1
                expect transcript "driver pio: request #2 on relid 1 aborted with ENODEV"
                expect disconnected
                expect devices 0
                """);
        assertTrue(r.passed(), r.failures() + "\n" + r.transcriptText());
    }

    @Test
    void aDriverThatCannotBeMadeFailsItsLine() {
        final DriverRegistry registry = DriverRegistry.builtIns().registerFactory("broken", spec -> env -> {
            throw new IllegalStateException("no hardware");
        });
        final ScenarioResult r = run(registry, """
                guest register b driver=broken
                guest register b
                guest unregister b
                guest boot
                expect connected
                """);
        assertEquals(List.of(
                "case.scenario:1: guest register b driver=broken: driver 'b' could not be made:"
                        + " java.lang.IllegalStateException: no hardware",
                "case.scenario:2: guest register b: driver 'b' was not registered in this run",
                "case.scenario:3: guest unregister b: driver 'b' was not made in this run"),
                r.failures().stream().map(Object::toString).toList());
    }

    @Test
    void aDriverPluggedInByNameBindsWithItsOwnNameAndIdTable() {
        final DriverRegistry registry = DriverRegistry.discover();
        assertTrue(registry.driverNames().contains("provided-kvp"), registry.driverNames()::toString);
        final ScenarioResult r = run(registry, """
                guest register provided-kvp
                host offer k kvp
                guest boot
                expect bound k to provided-kvp
                expect bound k to vendor_kvp
                expect transcript "probed k relid=1 driver=vendor_kvp"
                """);
        assertTrue(r.passed(), r.failures()::toString);
        final ScenarioParseException e = assertThrows(ScenarioParseException.class, () -> new ScenarioParser(registry)
                .parse("p", "guest register provided-kvp classes=scsi\n"));
        assertEquals(List.of("p:1: driver 'provided-kvp' brings its own id table and takes no classes= or other"
                + " options"), e.problems());
    }

    @Test
    void aHostModelNamedInTheHeaderServesTheChannelsOfItsClass() {
        final List<String> seen = new ArrayList<>();
        final DriverRegistry registry = DriverRegistry.builtIns().registerHostModel("recorder",
                () -> new HostDeviceModel() {
                    @Override
                    public void channelOpened(final ChannelEnd hostEnd, final DataPathSpec spec,
                            final GuestMemory memory) {
                        seen.add("opened " + spec.relid());
                    }

                    @Override
                    public void channelClosed(final ChannelEnd hostEnd, final DataPathSpec spec) {
                        seen.add("closed " + spec.relid());
                    }
                });
        final ScenarioResult r = run(registry, """
                host-model recorder class=azure-blob
                guest register blob driver=opening classes=azure-blob,scsi
                host offer s scsi
                host offer b azure-blob
                guest boot
                host rescind b
                expect ok
                """);
        assertTrue(r.passed(), r.failures()::toString);
        assertEquals(List.of("opened 2", "closed 2"), seen);
        assertEquals(List.of("recorder"), registry.hostModelNames());
    }

    @Test
    void theRegistryRefusesTakenAndMalformedNames() {
        final DriverRegistry registry = DriverRegistry.builtIns();
        assertEquals(List.of("failing-probe", "hvsock", "opening", "passive", "pending-io", "slow-probe"),
                registry.driverNames());
        assertThrows(IllegalArgumentException.class, () -> registry.register("opening", () -> null));
        assertThrows(IllegalArgumentException.class, () -> registry.register("two words", () -> null));
        assertThrows(IllegalArgumentException.class, () -> DriverRegistry.empty().registerHostModel("", () -> null));
        assertTrue(DriverRegistry.empty().driver("opening").isEmpty());
    }

    @Test
    void everyDeviceTypeNameParses() {
        for (final DeviceType t : DeviceType.values()) {
            if (t != DeviceType.UNKNOWN) {
                assertEquals(t.classId(), Values.classId(t.name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-')));
            }
        }
    }
}

package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.protocol.AzBlobProtocol;
import org.vmbussim.azblob.vsc.testing.HostRequest;
import org.vmbussim.azblob.vsc.testing.HostedChannel;
import org.vmbussim.azblob.vsc.testing.ScriptedHost;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.ProcessTable;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.AzBlobRequestSync;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.Guid;

class AzureBlobDeviceTest {
    private static final long SEED = 20210720L;
    private final Random random = new Random(SEED);
    private final VscTestBed bed = VscTestBed.deterministic(SEED);

    @AfterEach
    void noLeaks() {
        bed.close();
    }

    @Test
    void shouldCarryARequestAndWriteStatusAndResponseLengthBack() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        d.host().script(ScriptedHost.Script.echo());
        final Client c = bed.open(d.device());
        final Client.Spec spec = c.spec(random).request(100, 0x123).response(300, 0x80).data(5000, 4000, 0x10);
        final long va = spec.place();
        final byte[] head = c.space().getBytes(spec.requestVa, 100);
        final byte[] body = c.space().getBytes(spec.dataVa, 4000);

        assertEquals(0, c.ioctl(va));

        final AzBlobRequestSync done = c.read(va);
        assertEquals(0, done.responseStatus());
        assertEquals(100, done.responseResponseLen(), "response_len copied to offset 68");
        assertArrayEquals(head, c.space().getBytes(spec.responseVa, 100), "the host wrote the response buffer");
        assertArrayEquals(body, c.space().getBytes(spec.dataVa, 4000));
        assertEquals(0, bed.memory.pinnedPageCount(), "pages unpinned on completion");
        assertEquals(0, d.channel().guest().requestor().inUse());
        final AzureBlobStatistics s = d.device().statistics();
        assertEquals(1, s.requestsSubmitted());
        assertEquals(1, s.requestsSent());
        assertEquals(1, s.completions());
        assertEquals(1, s.statusCount(0));
        assertEquals(100, s.requestBytes());
        assertEquals(4000, s.dataBytes());
        assertEquals(100, s.responseBytes());
        assertEquals(0, s.inFlight());
        assertEquals(Map.of(), s.errnoCounts());
    }

    @Test
    void shouldPassTheHostStatusThrough() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        d.host().script(ScriptedHost.Script.status(Errno.ECONNREFUSED.value()));
        final Client c = bed.open(d.device());
        final long va = c.spec(random).place();
        assertEquals(0, c.ioctl(va), "the ioctl succeeds; the host's error is in response.status");
        assertEquals(Errno.ECONNREFUSED.value(), c.read(va).responseStatus());
        assertEquals(1, d.device().statistics().statusCount(Errno.ECONNREFUSED.value()));
    }

    @Test
    void shouldSendTheTimeoutAndGuidToTheHost() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        d.host().script(ScriptedHost.Script.status(0));
        final Client c = bed.open(d.device());
        final Guid guid = Guid.parse("{01234567-89ab-cdef-0123-456789abcdef}");
        c.ioctl(c.spec(random).guid(guid).timeout(0).place());
        final HostRequest r = d.host().last();
        assertEquals(guid, r.guid());
        assertEquals(0, r.field(org.vmbussim.azblob.protocol.AzBlobVspRequestLayout.TIMEOUT_MS_OFFSET),
                "timeout 0 goes to the host unchanged");
    }

    @Test
    void shouldRefuseUnknownIoctlsWithEnotty() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final long va = c.spec(random).place();
        final int wrongSize = Ioctl.iowr('R', 0xf0, 64).command();
        for (final int command : new int[] {0, wrongSize, Ioctl.io('R', 0xf1).command()}) {
            assertEquals(Errno.ENOTTY, assertThrows(ErrnoException.class,
                    () -> c.handle.ioctl(c.process, command, va)).errno());
            assertEquals(Errno.ENOTTY, errnoOf(c.handle.submit(c.process, command, va)));
        }
        assertEquals(0, d.host().receivedCount());
        assertEquals(6, d.device().statistics().errnoCount(Errno.ENOTTY));
    }

    @Test
    void shouldBeQuietWhenAllIsWell() {
        final Logger logger = (Logger) LoggerFactory.getLogger("org.vmbussim.azblob.vsc");
        final Level before = logger.getLevel();
        final ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.DEBUG);
        try {
            final VscTestBed.Hosted d = bed.addDevice("relid 1");
            d.host().script(ScriptedHost.Script.echo());
            final Client c = bed.open(d.device());
            for (int i = 0; i < 5; i++) {
                assertEquals(0, c.ioctl(c.spec(random).data(1000, 10, 7).place()));
            }
            c.handle.close();
            d.device().remove();
        } finally {
            logger.detachAppender(events);
            logger.setLevel(before);
        }
        final List<String> loud = new ArrayList<>();
        for (final ILoggingEvent e : events.list) {
            if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
                loud.add(e.getLevel() + " " + e.getFormattedMessage());
            }
        }
        assertEquals(List.of(), loud, "nothing above DEBUG when all is well");
        assertFalse(events.list.isEmpty(), "the DEBUG trail is there for whoever asks");
    }

    @Test
    void shouldListPendingRequestsInTheSeedFormat() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client first = bed.open(d.device());
        final Client second = bed.open(d.device());
        final Client idle = bed.open(d.device());
        // %pUb prints the 16 bytes in stored order, unlike the canonical (%pUl) form.
        final Guid g1 = Guid.fromWire(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88,
            (byte) 0x99, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff});
        final AzBlobRequestSync a = first.spec(random).guid(g1).request(10, 0).response(20, 0).build();
        final AzBlobRequestSync b = second.spec(random).guid(g1).request(30, 0).response(40, 0).data(50, 5, 1).build();
        first.submit(first.place(a));
        second.submit(second.place(b));
        bed.settle();
        final String expected = "List of pending requests\n"
                + "UUID request_len response_len data_len data_valid request_buffer response_buffer data_buffer\n"
                + "file context for pid " + first.process.tgid() + "\n"
                + "00112233-4455-6677-8899-aabbccddeeff 10 20 0 0 " + Long.toHexString(a.requestBuffer()) + " "
                + Long.toHexString(a.responseBuffer()) + " 0\n"
                + "file context for pid " + second.process.tgid() + "\n"
                + "00112233-4455-6677-8899-aabbccddeeff 30 40 50 5 " + Long.toHexString(b.requestBuffer()) + " "
                + Long.toHexString(b.responseBuffer()) + " " + Long.toHexString(b.dataBuffer()) + "\n"
                + "file context for pid " + idle.process.tgid() + "\n";
        assertEquals(expected, d.device().pendingRequestsListing());
        assertEquals("List of pending requests\n"
                + "UUID request_len response_len data_len data_valid request_buffer response_buffer data_buffer\n"
                + "file context for pid " + idle.process.tgid() + "\n",
                d.device().pendingRequestsListing(idle.process), "a process sees only its own files");
        for (final HostRequest r : d.host().received()) {
            d.host().complete(r.transactionId(), 0, 0, 0);
        }
        bed.settle();
        assertFalse(d.device().pendingRequestsListing().contains("00112233"));
    }

    @Test
    void shouldRegisterOneMxBeanPerDeviceAndUnregisterItOnRemove() throws Exception {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        d.host().script(ScriptedHost.Script.status(7));
        final Client c = bed.open(d.device());
        c.ioctl(c.spec(random).place());
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName name = d.device().objectName().orElseThrow();
        assertEquals(VscTestBed.JMX_DOMAIN, name.getDomain());
        assertEquals("/dev/azure_blob", server.getAttribute(name, "DevicePath"));
        assertEquals(1L, server.getAttribute(name, "RequestsSent"));
        assertEquals(1L, server.getAttribute(name, "Completions"));
        final TabularData byStatus = (TabularData) server.getAttribute(name, "CompletionsByStatus");
        assertEquals(1, byStatus.size());
        assertTrue(((String) server.getAttribute(name, "PendingRequests")).startsWith("List of pending requests\n"));
        d.device().remove();
        assertFalse(server.isRegistered(name));
    }

    @Test
    void shouldGiveTwoGuestsWithTheSameNamesDistinctMxBeans() {
        final ScriptedHost[] hosts = new ScriptedHost[2];
        final List<AzureBlobDevice> devices = new ArrayList<>();
        final List<HostedChannel> channels = new ArrayList<>();
        final List<GuestMemory> memories = new ArrayList<>();
        final DeterministicScheduler scheduler = bed.deterministicScheduler();
        for (int i = 0; i < 2; i++) {
            final GuestMemory memory = GuestMemory.builder().name("same").pageCount(128).build();
            memories.add(memory);
            final AzureBlobDriver driver = new AzureBlobDriver(
                    AzureBlobConfig.builder().jmxDomain(VscTestBed.JMX_DOMAIN).build(), new Devfs(), memory);
            hosts[i] = new ScriptedHost(memory);
            final HostedChannel ch = hosts[i].open("g" + i, scheduler, AzureBlobDriver.RING_BYTES,
                    AzureBlobDriver.REQUESTOR_SIZE, driver.channelCallback());
            channels.add(ch);
            devices.add(driver.probe(ch.guest()));
        }
        final ObjectName first = devices.get(0).objectName().orElseThrow();
        final ObjectName second = devices.get(1).objectName().orElseThrow();
        assertEquals("/dev/azure_blob", devices.get(1).path());
        assertFalse(first.equals(second));
        assertEquals("2", second.getKeyProperty("instance"));
        for (int i = 0; i < 2; i++) {
            devices.get(i).remove();
            channels.get(i).close();
            assertEquals(128, memories.get(i).freePageCount());
        }
    }

    @Test
    void shouldWorkWithoutJmx() {
        final GuestMemory memory = GuestMemory.builder().name("nojmx").pageCount(128).build();
        final AzureBlobDriver driver = new AzureBlobDriver(AzureBlobConfig.builder().withoutJmx().build(),
                new Devfs(), memory);
        final HostedChannel ch = new ScriptedHost(memory).open("nojmx", bed.scheduler, AzureBlobDriver.RING_BYTES,
                AzureBlobDriver.REQUESTOR_SIZE, driver.channelCallback());
        final AzureBlobDevice device = driver.probe(ch.guest());
        assertTrue(device.objectName().isEmpty());
        device.remove();
        ch.close();
    }

    @Test
    void shouldMatchOnlyTheAzureBlobClass() {
        assertTrue(bed.driver.matches(AzBlobProtocol.HV_AZURE_BLOB_GUID));
        assertFalse(bed.driver.matches(Guid.parse("{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}")));
        assertEquals(List.of(AzBlobProtocol.HV_AZURE_BLOB_GUID), AzureBlobDriver.ID_TABLE);
        assertEquals(128 * 1024, AzureBlobDriver.RING_BYTES);
        assertEquals(1024, AzureBlobDriver.REQUESTOR_SIZE);
    }

    @Test
    void shouldRefuseToProbeAChannelWithoutRequestorOrNotOpenOrAlreadyBound() {
        final ScriptedHost host = new ScriptedHost(bed.memory);
        final HostedChannel plain = host.open("plain", bed.scheduler, AzureBlobDriver.RING_BYTES, 0,
                bed.driver.channelCallback());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> bed.driver.probe(plain.guest())).errno());
        plain.close();

        final HostedChannel gone = new ScriptedHost(bed.memory).open("gone", bed.scheduler,
                AzureBlobDriver.RING_BYTES, AzureBlobDriver.REQUESTOR_SIZE, bed.driver.channelCallback());
        gone.guest().rescind();
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> bed.driver.probe(gone.guest())).errno());
        gone.close();

        final VscTestBed.Hosted d = bed.addDevice("bound");
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> bed.driver.probe(d.channel().guest())).errno());
        assertEquals(List.of("/dev/azure_blob"), bed.devfs.list(), "failed probes left no node");
    }

    @Test
    void shouldRefuseAProcessOfAnotherGuest() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final GuestMemory other = GuestMemory.builder().name("other").pageCount(16).build();
        final SimProcess stranger = new ProcessTable(other).spawn(Credentials.of(0, 0));
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class,
                () -> bed.devfs.open(stranger, d.device().path(), OpenFlags.O_RDWR)).errno());
        stranger.exit();
    }

    @Test
    void shouldFailWithEfaultWhenTheStatusCannotBeWrittenBack() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        final Client c = bed.open(d.device());
        final long va = c.spec(random).place();
        final CompletableFuture<Long> f = c.submit(va);
        bed.settle();
        c.space().mprotect(va, 4096, org.vmbussim.core.process.Protection.READ_ONLY);
        d.host().complete(d.host().last().transactionId(), 0, 0, 0);
        bed.settle();
        assertEquals(Errno.EFAULT, errnoOf(f));
        assertEquals(0, bed.memory.pinnedPageCount());
    }

    @Test
    void shouldCarryTheLargestRequestWhole() {
        final VscTestBed big = new VscTestBed(new DeterministicScheduler(SEED), 8192 + 512,
                AzureBlobConfig.builder());
        try {
            final VscTestBed.Hosted d = big.addDevice("big");
            d.host().script(ScriptedHost.Script.status(0));
            final Client c = big.open(d.device());
            // 8190 data pages + 1 request page + 1 response page = AZ_BLOB_MAX_PAGES exactly.
            final long va = c.spec(random).request(4096, 0).response(4096, 0).data(8190 * 4096, 1, 0).place();
            assertEquals(0, c.ioctl(va));
            assertEquals(8192, d.host().last().pageCount());
            assertEquals(96 + 8 * 8192 - 8, d.host().last().packetBytes().length, "88 + 8n bytes of packet");
        } finally {
            big.close();
        }
    }

    static Errno errnoOf(final CompletableFuture<Long> f) {
        assertTrue(f.isDone(), "future done");
        final Throwable t = assertThrows(Throwable.class, f::join);
        final Throwable cause = t.getCause() == null ? t : t.getCause();
        assertTrue(cause instanceof ErrnoException, () -> "not an errno: " + cause);
        return ((ErrnoException) cause).errno();
    }
}

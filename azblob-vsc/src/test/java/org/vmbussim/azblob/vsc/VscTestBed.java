package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.vmbussim.azblob.vsc.testing.HostedChannel;
import org.vmbussim.azblob.vsc.testing.ScriptedHost;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.memory.GuestMemory;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.process.ProcessTable;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.core.sched.Scheduler;
import org.vmbussim.core.sched.ThreadedScheduler;

/**
 * One guest with the Azure Blob driver and scripted hosts: memory, scheduler, processes, devfs, driver.
 * {@link #close()} removes every device, tears the channels down, ends every process and then checks
 * that nothing leaked: no pinned page, no requestor id, every guest page free, no MBean, no thread.
 */
final class VscTestBed implements AutoCloseable {
    /** JMX domain of the test beds; the leak check looks here. */
    static final String JMX_DOMAIN = "org.vmbussim.azblob.test";

    final GuestMemory memory;
    final Scheduler scheduler;
    final ProcessTable processes;
    final Devfs devfs = new Devfs();
    final AzureBlobDriver driver;
    private final List<Hosted> hosted = new ArrayList<>();
    private final int freePagesAtStart;

    /** A probed device with its channel and host. */
    record Hosted(AzureBlobDevice device, HostedChannel channel, ScriptedHost host) {
    }

    VscTestBed(final Scheduler scheduler, final int guestPages, final AzureBlobConfig.Builder config) {
        this.memory = GuestMemory.builder().name("guest-" + System.identityHashCode(this)).pageCount(guestPages)
                .build();
        this.scheduler = scheduler;
        this.processes = new ProcessTable(memory);
        this.driver = new AzureBlobDriver(config.jmxDomain(JMX_DOMAIN).build(), devfs, memory);
        this.freePagesAtStart = memory.freePageCount();
    }

    static VscTestBed deterministic(final long seed) {
        return new VscTestBed(new DeterministicScheduler(seed), 4096, AzureBlobConfig.builder());
    }

    DeterministicScheduler deterministicScheduler() {
        return (DeterministicScheduler) scheduler;
    }

    /** Opens a channel to a new scripted host the way the bus would, and probes the driver on it. */
    Hosted addDevice(final String name) {
        final ScriptedHost host = new ScriptedHost(memory);
        final HostedChannel channel = host.open(name, scheduler, AzureBlobDriver.RING_BYTES,
                AzureBlobDriver.REQUESTOR_SIZE, driver.channelCallback());
        final AzureBlobDevice device = driver.probe(channel.guest());
        final Hosted h = new Hosted(device, channel, host);
        hosted.add(h);
        return h;
    }

    SimProcess spawn(final int uid) {
        return processes.spawn(Credentials.of(uid, uid));
    }

    Client open(final AzureBlobDevice device, final int uid, final int flags) {
        final SimProcess p = spawn(uid);
        return new Client(p, devfs.open(p, device.path(), flags));
    }

    Client open(final AzureBlobDevice device) {
        return open(device, 1000, OpenFlags.O_RDWR);
    }

    /** Runs the deterministic scheduler until nothing is ready (no clock change). */
    void settle() {
        if (scheduler instanceof DeterministicScheduler) {
            deterministicScheduler().runUntilIdle();
        }
    }

    @Override
    public void close() {
        for (final Hosted h : hosted) {
            h.device().remove();
            assertTrue(h.device().isRemoved(), h.device() + " removed");
            assertEquals(0, h.channel().guest().requestor().inUse(), "requestor ids left in use");
            h.channel().close();
        }
        processes.exitAll();
        if (scheduler instanceof DeterministicScheduler) {
            final DeterministicScheduler d = deterministicScheduler();
            d.runUntilIdle();
            assertEquals(List.of(), d.uncaughtErrors(), "scheduler task errors");
            d.close();
        } else {
            final ThreadedScheduler t = (ThreadedScheduler) scheduler;
            assertEquals(0, t.uncaughtErrorCount(), () -> "scheduler task errors: " + t.uncaughtErrors());
            assertTrue(t.shutdown(ThreadedScheduler.CLOSE_TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS),
                    "scheduler threads stopped");
            assertEquals(0, t.liveThreadCount(), "scheduler threads left");
        }
        assertEquals(0, memory.pinnedPageCount(), "pinned pages left");
        assertEquals(freePagesAtStart, memory.freePageCount(), "guest pages not returned");
        assertEquals(List.of(), driver.devices(), "devices still bound");
        assertEquals(Set.of(), mbeans(), "MBeans left registered");
    }

    static Set<ObjectName> mbeans() {
        try {
            return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(JMX_DOMAIN + ":*"), null);
        } catch (final MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }
}

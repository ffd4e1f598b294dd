package org.vmbussim.cli.demo;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.vmbussim.azblob.client.BlobItem;
import org.vmbussim.azblob.client.FastPathBlobClient;
import org.vmbussim.azblob.client.FastPathBlobContainerClient;
import org.vmbussim.azblob.client.FastPathBlobServiceClient;
import org.vmbussim.azblob.client.ListBlobsOptions;
import org.vmbussim.azblob.client.UploadOptions;
import org.vmbussim.azblob.vsc.AzureBlobDevice;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;
import org.vmbussim.cli.BadArgumentException;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.term.Table;
import org.vmbussim.cli.term.Terminal;
import org.vmbussim.core.channel.ChannelStatistics;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.ThreadedScheduler;
import org.vmbussim.mgmt.bus.BusEvent;
import org.vmbussim.mgmt.device.DeviceType;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmbus-sim demo}: the main job in one command. Boots a simulated Azure VM (the host offers a typical
 * device set with Azure Blob devices and the Azure Blob device's VPCI shadow; the guest negotiates, filters and
 * probes), then a simulated process creates a container, uploads, lists, downloads (whole and by range),
 * verifies and deletes blobs through {@code /dev/azure_blob}, and the command prints what happened and a
 * summary. Exit 0 when every byte read back matched, 1 otherwise.
 */
@Command(name = "demo", description = {
    "Boot a simulated Azure VM with Azure Blob devices, then store, list, read back, verify and delete blobs "
            + "from a simulated process through /dev/azure_blob (VSC -> VMBus ring -> VSP -> blob store).",
    "Prints the offers (what was bound or ignored and why), each operation with the requests the host served, "
            + "their status and the latency, and a summary table."})
public final class DemoCommand implements Callable<Integer> {
    private static final String CONTAINER = "demo";
    private static final int LARGE_BYTES = 6 << 20;
    private static final int BLOCK_BYTES = 2 << 20;

    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = "--backend", paramLabel = "memory|file:DIR|rest:URL", defaultValue = "memory",
            description = "The host's blob store: in memory (default), a durable directory, or a Blob endpoint "
                    + "(e.g. rest:http://127.0.0.1:10000/devstoreaccount1 for Azurite).")
    private String backendSpec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1",
            description = "Azure Blob devices the host offers (default 1); the blobs are spread over them.")
    private int devices;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the blob contents.")
    private long seed;

    DemoCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public Integer call() throws Exception {
        if (devices < 1 || devices > 16) {
            throw new BadArgumentException(spec.commandLine(), "--devices=" + devices + " (expected: 1 to 16)", null);
        }
        final PrintWriter out = terminal.out();
        final RecordingBackend backend = new RecordingBackend(Backends.open(backendSpec, spec.commandLine()));
        final long bootStart = System.nanoTime();
        try (ThreadedScheduler scheduler = new ThreadedScheduler("vmbus-demo", 2);
             AzureBlobTestBed bed = AzureBlobTestBed.builder().scheduler(scheduler).backend(backend)
                     .typicalDeviceSet(true).devices(devices).vpciShadow(true).build()) {
            out.printf("Booted a simulated Azure VM in %.1f ms: VMBus %s negotiated; backend: %s%n",
                    millis(bootStart), bed.version(), backendSpec);
            printOffers(out, bed.events());
            final Demo demo = new Demo(out, bed, backend);
            final boolean verified = demo.run();
            printSummary(out, bed, demo);
            backend.drain();
            out.println(verified ? "All data read back matched what was written."
                    : "VERIFICATION FAILED: data read back differs from what was written.");
            return verified ? ExitCode.OK : ExitCode.FAILED;
        } finally {
            backend.close();
        }
    }

    private static void printOffers(final PrintWriter out, final List<BusEvent> events) {
        final Map<Integer, String[]> byRelid = new LinkedHashMap<>();
        for (final BusEvent e : events) {
            if (e instanceof BusEvent.DeviceAdded a) {
                byRelid.put(a.relid(), new String[] {a.type().name(), a.instanceId().toBracedString(),
                    "added; no driver in this guest binds it"});
            } else if (e instanceof BusEvent.DeviceProbed p) {
                byRelid.computeIfAbsent(p.relid(), r -> new String[] {"", p.instanceId().toBracedString(), ""})[2] =
                        "bound to " + p.driverName();
            } else if (e instanceof BusEvent.ProbeFailed f) {
                byRelid.computeIfAbsent(f.relid(), r -> new String[] {"", f.instanceId().toBracedString(), ""})[2] =
                        "probe by " + f.driverName() + " failed: " + f.errno();
            } else if (e instanceof BusEvent.OfferIgnored i) {
                byRelid.put(i.relid(), new String[] {DeviceType.forClassId(i.classId()).name(),
                    i.instanceId().toBracedString(), "ignored: " + i.reason()});
            }
        }
        out.println("Channel offers, as the guest handled them:");
        final Table table = new Table().column("relid", Table.Align.RIGHT).column("device", Table.Align.LEFT)
                .column("instance", Table.Align.LEFT).column("outcome", Table.Align.LEFT);
        byRelid.forEach((relid, row) -> table.row(Integer.toString(relid), row[0], row[1], row[2]));
        out.print(table.render());
    }

    private static void printSummary(final PrintWriter out, final AzureBlobTestBed bed, final Demo demo) {
        final Table table = new Table().column("device", Table.Align.LEFT).column("requests", Table.Align.RIGHT)
                .column("payload up (B)", Table.Align.RIGHT).column("payload down (B)", Table.Align.RIGHT)
                .column("signals g->h", Table.Align.RIGHT).column("signals h->g", Table.Align.RIGHT)
                .column("ring full", Table.Align.RIGHT).column("errors", Table.Align.RIGHT);
        for (int i = 0; i < bed.devices().size(); i++) {
            final AzureBlobDevice d = bed.devices().get(i);
            final ChannelStatistics ch = d.channel().statistics();
            final long errors = d.statistics().errnoCounts().values().stream().mapToLong(Long::longValue).sum();
            table.row(d.path(), Long.toString(d.statistics().completions()),
                    Long.toString(demo.bytesUp[i]),
                    Long.toString(demo.bytesDown[i]), Long.toString(ch.signalsSent()),
                    Long.toString(ch.signalsReceived()), Long.toString(ch.ringFullEvents()), Long.toString(errors));
        }
        out.println("Summary:");
        out.print(table.render());
    }

    private static double millis(final long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** The operations of the simulated process, one client per device. */
    private static final class Demo {
        private final PrintWriter out;
        private final AzureBlobTestBed bed;
        private final RecordingBackend backend;
        private final long[] bytesUp;
        private final long[] bytesDown;
        private boolean verified = true;

        Demo(final PrintWriter out, final AzureBlobTestBed bed, final RecordingBackend backend) {
            this.out = out;
            this.bed = bed;
            this.backend = backend;
            this.bytesUp = new long[bed.devices().size()];
            this.bytesDown = new long[bed.devices().size()];
        }

        boolean run() {
            final SimProcess process = bed.spawnProcess();
            out.printf("Process %d opens %s%n", process.pid(), String.join(", ", bed.devicePaths()));
            final List<FastPathBlobServiceClient> clients = new ArrayList<>();
            for (final String path : bed.devicePaths()) {
                clients.add(FastPathBlobServiceClient.builder().devfs(bed.vm().devfs()).process(process)
                        .devicePath(path).accountName(SharedKeyCredential.DEV_ACCOUNT)
                        .accountKey(SharedKeyCredential.DEV_ACCOUNT_KEY).build());
            }
            try {
                final FastPathBlobContainerClient container = clients.get(0).getBlobContainerClient(CONTAINER);
                step(0, "create container '" + CONTAINER + "'", () -> {
                    container.createIfNotExists();
                    return null;
                });
                final SplittableRandom random = new SplittableRandom(0);
                final List<byte[]> contents = new ArrayList<>();
                final List<String> names = new ArrayList<>();
                for (int i = 0; i < clients.size() * 2; i++) {
                    final int device = i % clients.size();
                    final boolean large = i == 1;
                    final byte[] data = new byte[large ? LARGE_BYTES : 1000 + 100 * i];
                    random.nextBytes(data);
                    final String name = (large ? "video/large-" : "notes/note-") + i + ".bin";
                    final FastPathBlobClient blob = clients.get(device).getBlobContainerClient(CONTAINER)
                            .getBlobClient(name);
                    step(device, "upload " + name + " (" + data.length + " B)" + (large ? " in blocks" : ""), () ->
                            blob.upload(ByteBuffer.wrap(data), large ? UploadOptions.defaults()
                                    .withBlocks(BLOCK_BYTES, BLOCK_BYTES, 2) : UploadOptions.defaults()));
                    bytesUp[device] += data.length;
                    contents.add(data);
                    names.add(name);
                }
                final List<String> listed = step(0, "list blobs", () -> {
                    final List<String> found = new ArrayList<>();
                    for (final BlobItem item : container.listBlobs(ListBlobsOptions.defaults())) {
                        found.add(item.name());
                    }
                    return found;
                });
                check("listing holds every blob", listed.containsAll(names));
                for (int i = 0; i < names.size(); i++) {
                    final int device = (i + 1) % clients.size();
                    final FastPathBlobClient blob = clients.get(device).getBlobContainerClient(CONTAINER)
                            .getBlobClient(names.get(i));
                    final byte[] whole = step(device, "download " + names.get(i), blob::downloadContent);
                    bytesDown[device] += whole.length;
                    check(names.get(i) + " read back whole", Arrays.equals(whole, contents.get(i)));
                }
                final byte[] large = contents.get(1);
                final FastPathBlobClient largeBlob = container.getBlobClient(names.get(1));
                final byte[] range = step(0, "download " + names.get(1) + " bytes 1048576-2097151",
                        () -> largeBlob.downloadRange(1 << 20, 1 << 20));
                bytesDown[0] += range.length;
                check("range read back", Arrays.equals(range, Arrays.copyOfRange(large, 1 << 20, 2 << 20)));
                for (final String name : names) {
                    step(0, "delete " + name, () -> {
                        container.getBlobClient(name).delete();
                        return null;
                    });
                }
                step(0, "delete container '" + CONTAINER + "'", () -> {
                    container.delete();
                    return null;
                });
            } finally {
                clients.forEach(FastPathBlobServiceClient::close);
            }
            return verified;
        }

        private <T> T step(final int device, final String what, final Supplier<T> action) {
            final long start = System.nanoTime();
            final T result = action.get();
            final double ms = (System.nanoTime() - start) / 1e6;
            out.printf("  %-58s %9.2f ms  via %s%n", what, ms, bed.devicePaths().get(device));
            for (final RecordingBackend.Served s : backend.drain()) {
                out.printf("      host served %-6s %-62s -> %s%n", s.method(), shorten(s.target()), s.outcome());
            }
            return result;
        }

        private void check(final String what, final boolean ok) {
            if (!ok) {
                verified = false;
                out.println("  MISMATCH: " + what);
            }
        }

        private static String shorten(final String target) {
            return target.length() <= 62 ? target : target.substring(0, 59) + "...";
        }
    }
}

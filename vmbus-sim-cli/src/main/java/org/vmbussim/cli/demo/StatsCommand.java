package org.vmbussim.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.vmbussim.azblob.client.FastPathBlobClient;
import org.vmbussim.azblob.client.FastPathBlobServiceClient;
import org.vmbussim.azblob.vsc.AzureBlobDevice;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;
import org.vmbussim.azblob.vsp.provider.ProviderChannel;
import org.vmbussim.cli.BadArgumentException;
import org.vmbussim.cli.ExitCode;
import org.vmbussim.cli.term.Terminal;
import org.vmbussim.core.process.SimProcess;
import org.vmbussim.core.sched.ThreadedScheduler;
import org.vmbussim.testfixtures.bed.AzureBlobTestBed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmbus-sim stats}: runs a demo workload and prints every counter the stack keeps: the guest driver's per
 * device statistics (what its MXBean shows), each channel's ring and signal counters (Linux's debugfs ones), and
 * the host provider's per-channel statistics.
 */
@Command(name = "stats", description = "Run a demo workload (PUT and GET of 4 KiB blobs, verified) on a simulated "
        + "Azure VM and print the diagnostics of every device, channel and host provider channel.")
public final class StatsCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = "--backend", paramLabel = "memory|file:DIR|rest:URL", defaultValue = "memory",
            description = "The host's blob store (default memory).")
    private String backendSpec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "1", description = "Azure Blob devices (1-16).")
    private int devices;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "200",
            description = "Blobs to store and read back (default 200).")
    private int requests;

    StatsCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public Integer call() throws Exception {
        if (devices < 1 || devices > 16 || requests < 1 || requests > 1_000_000) {
            throw new BadArgumentException(spec.commandLine(), "--devices=" + devices + " --requests=" + requests
                    + " (expected: 1 to 16 devices, 1 to 1000000 requests)", null);
        }
        final PrintWriter out = terminal.out();
        boolean verified = true;
        try (BlobBackend backend = Backends.open(backendSpec, spec.commandLine());
             ThreadedScheduler scheduler = new ThreadedScheduler("vmbus-stats", 2);
             AzureBlobTestBed bed = AzureBlobTestBed.builder().scheduler(scheduler).backend(backend)
                     .devices(devices).build()) {
            final SimProcess process = bed.spawnProcess();
            final List<FastPathBlobServiceClient> clients = new ArrayList<>();
            for (final String path : bed.devicePaths()) {
                clients.add(FastPathBlobServiceClient.builder().devfs(bed.vm().devfs()).process(process)
                        .devicePath(path).accountName(SharedKeyCredential.DEV_ACCOUNT)
                        .accountKey(SharedKeyCredential.DEV_ACCOUNT_KEY).build());
            }
            try (var progress = terminal.progressBar("requests", requests)) {
                clients.get(0).getBlobContainerClient("stats").createIfNotExists();
                final SplittableRandom random = new SplittableRandom(1);
                for (int i = 0; i < requests; i++) {
                    final byte[] data = new byte[4096];
                    random.nextBytes(data);
                    final FastPathBlobClient blob = clients.get(i % clients.size()).getBlobContainerClient("stats")
                            .getBlobClient("blob-" + i);
                    blob.upload(data, true);
                    verified &= Arrays.equals(data, blob.downloadContent());
                    progress.advance(1);
                }
            } finally {
                clients.forEach(FastPathBlobServiceClient::close);
            }
            for (final AzureBlobDevice d : bed.devices()) {
                out.println(d.path() + ": guest driver statistics");
                out.print(Records.table(d.statistics()));
                out.println(d.path() + ": " + d.channel().name() + " (guest end of the channel)");
                out.print(Records.table(d.channel().statistics()));
            }
            for (final ProviderChannel c : bed.provider().channels()) {
                out.println("host provider: " + c.channel().name());
                out.print(Records.table(c.statistics()));
            }
        }
        out.println(verified ? "All data read back matched." : "VERIFICATION FAILED.");
        return verified ? ExitCode.OK : ExitCode.FAILED;
    }
}

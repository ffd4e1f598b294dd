package org.vmbussim.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.vmbussim.azblob.client.FastPathBlobServiceClient;
import org.vmbussim.azblob.vsc.AzureBlobDevice;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;
import org.vmbussim.azblob.vsp.provider.InFlightRequestInfo;
import org.vmbussim.azblob.vsp.provider.ProviderChannel;
import org.vmbussim.azblob.vsp.store.StorageEngine;
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
 * {@code vmbus-sim pending}: keeps requests in flight (the host's store holds them) and prints the guest
 * driver's pending-requests listing, in the seed's debugfs format, next to the host provider's in-flight table;
 * then lets them finish.
 */
@Command(name = "pending", description = "Hold requests in flight on a simulated Azure VM and print the guest "
        + "driver's pending-requests listing (the seed's debugfs format) and the host provider's in-flight table.")
public final class PendingCommand implements Callable<Integer> {
    private static final long HOLD_LIMIT_MILLIS = 20_000;

    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = "--hold", paramLabel = "N", defaultValue = "4", description = "Requests to hold (1-64).")
    private int hold;

    PendingCommand(final Terminal terminal) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    @Override
    public Integer call() throws Exception {
        if (hold < 1 || hold > 64) {
            throw new BadArgumentException(spec.commandLine(), "--hold=" + hold + " (expected: 1 to 64)", null);
        }
        final PrintWriter out = terminal.out();
        final ExecutorService users = Executors.newFixedThreadPool(hold);
        try (HoldingBackend backend = new HoldingBackend(StorageEngine.inMemory(), HOLD_LIMIT_MILLIS);
             ThreadedScheduler scheduler = new ThreadedScheduler("vmbus-pending", 2);
             AzureBlobTestBed bed = AzureBlobTestBed.builder().scheduler(scheduler).backend(backend)
                     .providerWorkers(hold).build()) {
            final SimProcess process = bed.spawnProcess();
            final FastPathBlobServiceClient client = FastPathBlobServiceClient.builder().devfs(bed.vm().devfs())
                    .process(process).accountName(SharedKeyCredential.DEV_ACCOUNT)
                    .accountKey(SharedKeyCredential.DEV_ACCOUNT_KEY).build();
            try {
                client.getBlobContainerClient("pending").createIfNotExists();
                backend.hold();
                final List<CompletableFuture<?>> uploads = new ArrayList<>();
                for (int i = 0; i < hold; i++) {
                    final String name = "held-" + i;
                    uploads.add(CompletableFuture.runAsync(() -> client.getBlobContainerClient("pending")
                            .getBlobClient(name).upload(new byte[4096], true), users));
                }
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (backend.held() < hold && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                for (final AzureBlobDevice d : bed.devices()) {
                    out.println(d.path() + " (debugfs az_blob/pending_requests):");
                    out.print(d.pendingRequestsListing());
                }
                for (final ProviderChannel c : bed.provider().channels()) {
                    out.println("host provider, " + c.channel().name() + ", requests in flight:");
                    for (final InFlightRequestInfo r : c.requestsInFlight()) {
                        out.printf("  trans_id %d  %s  %-8s %s %s%n", r.transactionId(), r.userGuid(), r.phase(),
                                r.method(), r.target());
                    }
                }
                backend.release();
                CompletableFuture.allOf(uploads.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
                out.println("Released; all " + hold + " requests completed.");
            } finally {
                client.close();
            }
        } finally {
            users.shutdownNow();
        }
        return ExitCode.OK;
    }
}

package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmbussim.azblob.vsc.testing.HostRequest;
import org.vmbussim.core.devfs.OpenFlags;
import org.vmbussim.core.process.Credentials;
import org.vmbussim.core.sched.DeterministicScheduler;
import org.vmbussim.uapi.Errno;
import org.vmbussim.uapi.ErrnoException;

/**
 * Seeded random scenarios on a shuffling deterministic scheduler: submissions (valid and not, blocking and
 * not) from several processes, a host that answers well, badly, twice, late or never, clock jumps,
 * credential changes, process exits, file closes, and a rescind or removal at a random step. Invariants:
 * every request ends with exactly one outcome from its expected set, and the test bed's close finds
 * nothing leaked. A failure names its seed; rerun that seed to reproduce it.
 */
class RandomizedScenarioTest {
    private static final int STEPS = 400;

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyRequestEndsOnceAndNothingLeaks(final long seed) {
        final Random random = new Random(seed);
        final DeterministicScheduler scheduler = new DeterministicScheduler(seed,
                DeterministicScheduler.ReadyOrder.SHUFFLED);
        final VscTestBed bed = new VscTestBed(scheduler, 6144, AzureBlobConfig.builder().graceMillis(50)
                .removeDrainMillis(200).releaseWaitMillis(100).zeroTimeoutMillis(300));
        try {
            run(bed, random, seed);
        } catch (final AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + ": " + e, e);
        } finally {
            bed.close();
        }
    }

    private void run(final VscTestBed bed, final Random random, final long seed) {
        final VscTestBed.Hosted d = bed.addDevice("seed " + seed);
        final List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(bed.open(d.device(), 100 + i, i == 3 ? OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK
                    : OpenFlags.O_RDWR));
        }
        final List<CompletableFuture<Long>> futures = new ArrayList<>();
        final int endAt = random.nextInt(STEPS);
        final boolean rescind = random.nextBoolean();
        int answered = 0;
        for (int step = 0; step < STEPS; step++) {
            if (step == endAt) {
                if (rescind) {
                    d.channel().guest().rescind();
                } else {
                    d.device().beginRemove();
                }
            }
            final int which = random.nextInt(clients.size());
            if (!clients.get(which).process.isAlive() || !clients.get(which).handle.isOpen()) {
                reopen(bed, d, clients, which);
            }
            final Client c = clients.get(which);
            final int action = random.nextInt(100);
            if (action < 40) {
                if (c.process.isAlive() && c.handle.isOpen()) {
                    futures.add(submit(c, random));
                }
            } else if (action < 70) {
                answered = answer(d, random, answered);
            } else if (action < 80) {
                bed.deterministicScheduler().advanceBy(random.nextInt(200), TimeUnit.MILLISECONDS);
            } else if (action < 85) {
                bed.deterministicScheduler().runUntilIdle();
            } else if (action < 87) {
                if (c.process.isAlive()) {
                    c.process.setCredentials(Credentials.of(7, 7));
                }
            } else if (action < 88) {
                c.process.exit();
            } else if (action < 89) {
                c.handle.close();
            } else {
                bed.deterministicScheduler().runOne();
            }
        }
        // Let every deadline and the drain bound pass: nothing may still be pending after that.
        bed.deterministicScheduler().advanceBy(10, TimeUnit.SECONDS);
        d.device().remove();
        for (final CompletableFuture<Long> f : futures) {
            assertTrue(f.isDone(), "every request ended");
            try {
                assertEquals(0L, f.join());
            } catch (final java.util.concurrent.CompletionException e) {
                final Errno errno = ((ErrnoException) e.getCause()).errno();
                assertTrue(List.of(Errno.EINVAL, Errno.EFAULT, Errno.EACCES, Errno.EAGAIN, Errno.ETIMEDOUT,
                        Errno.EINTR, Errno.ENODEV, Errno.EPROTO, Errno.EBADF).contains(errno), "unexpected " + errno);
            }
        }
        assertEquals(0, d.device().statistics().inFlight());
    }

    /** Replaces a dead or closed client with a new process that opens the node (if it still exists). */
    private static void reopen(final VscTestBed bed, final VscTestBed.Hosted d, final List<Client> clients,
            final int which) {
        final int flags = clients.get(which).handle.flags();
        try {
            clients.set(which, bed.open(d.device(), 200 + which, flags));
        } catch (final ErrnoException e) {
            assertTrue(e.errno() == Errno.ENOENT || e.errno() == Errno.ENODEV, e.getMessage());
        }
    }

    private CompletableFuture<Long> submit(final Client c, final Random random) {
        final int kind = random.nextInt(10);
        final Client.Spec spec = c.spec(random).timeout(random.nextInt(4) * 100)
                .request(1 + random.nextInt(6000), random.nextInt(4096))
                .response(1 + random.nextInt(6000), random.nextInt(4096));
        if (random.nextBoolean()) {
            spec.data(1 + random.nextInt(9000), random.nextInt(100), random.nextInt(4096));
        }
        if (kind == 0) {
            spec.request(0, 0);
        }
        final long va;
        try {
            va = spec.place();
        } catch (final ErrnoException e) {
            return CompletableFuture.failedFuture(e); // the process exited meanwhile: no memory to map
        }
        if (kind == 1) {
            c.space().munmap(spec.responseVa & ~0xfffL, 4096);
        }
        return c.submit(va);
    }

    /** The host does something to one request it holds (or to an id it never issued). */
    private int answer(final VscTestBed.Hosted d, final Random random, final int answered) {
        final List<HostRequest> got = d.host().received();
        if (got.isEmpty() || answered >= got.size()) {
            d.host().complete(random.nextInt(2000), 0, 0, 0);
            return answered;
        }
        final HostRequest r = got.get(answered + random.nextInt(Math.min(3, got.size() - answered)));
        final int how = random.nextInt(10);
        if (how < 6) {
            d.host().complete(r.transactionId(), 0, random.nextInt(3), 0);
        } else if (how == 6) {
            d.host().complete(r.transactionId(), 0, 0, -1);
        } else if (how == 7) {
            d.host().sendCompletionPayload(r.transactionId(), new byte[4]);
        } else if (how == 8) {
            d.host().sendInBand(r.transactionId(), 0);
        } else {
            d.host().complete(r.transactionId(), 0, 0, 0);
            d.host().complete(r.transactionId(), 0, 0, 0);
        }
        return answered + 1;
    }
}

package org.vmbussim.azblob.vsp.provider;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmbussim.azblob.protocol.AzBlobVspResponseLayout;
import org.vmbussim.core.channel.ChannelEnd;
import org.vmbussim.core.channel.SendResult;
import org.vmbussim.core.sched.Cancellable;

/**
 * Puts completions on a channel's host-to-guest ring without ever blocking the caller. A full ring makes
 * the completion wait for space ({@link ChannelEnd#awaitSpace}) and try again on the channel's scheduler,
 * for at most the configured bound; past it, or when the channel is gone (rescinded, closed, faulted) or
 * detached, the completion is dropped and counted. Each completion is sent at most once.
 */
final class CompletionSender {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionSender.class);

    private final ChannelEnd end;
    private final GuestAccessGate gate;
    private final ChannelCounters counters;
    private final long spaceWaitNanos;
    /**
     * The sending thread's {@code az_blob_vsp_response} scratch for a first try. Ownership: written and read only
     * inside {@link #send} on that thread (encode, then {@code sendCompletion}, which copies the bytes into the
     * ring before it returns); a completion that must wait for ring space gets its own array, never this one.
     * Every field is written each time, so one request's completion values never reach another's. Per channel
     * and per thread: shared by no other channel or thread.
     */
    private final ThreadLocal<ByteBuf> payloadScratch =
            ThreadLocal.withInitial(() -> Unpooled.wrappedBuffer(new byte[AzBlobVspResponseLayout.LENGTH]));

    CompletionSender(final ChannelEnd end, final GuestAccessGate gate, final ChannelCounters counters,
            final long spaceWaitNanos) {
        this.end = end;
        this.gate = gate;
        this.counters = counters;
        this.spaceWaitNanos = spaceWaitNanos;
    }

    /**
     * Sends a completion now, or later when the ring is full. Callable from any thread, inside or outside
     * the gate.
     *
     * @param transactionId the request's {@code trans_id}
     * @param completion    the completion
     */
    void send(final long transactionId, final VspCompletion completion) {
        // First try without the retry machinery: the ring almost always has space. Encoded into the thread's
        // scratch; a retry after a full ring gets an array of its own.
        final ByteBuf scratch = payloadScratch.get();
        completion.encode(scratch.array());
        final SendResult r = sendInsideGate(transactionId, scratch);
        if (r == null) {
            counters.completionsDropped.increment();
            LOG.debug("{}: completion trans_id=0x{} dropped: channel detached", end.name(),
                    Long.toHexString(transactionId));
            return;
        }
        switch (r.status()) {
            case SENT:
                counters.completionSent(completion);
                break;
            case RING_FULL:
                new Attempt(transactionId, completion, completion.encode()).waitForSpaceFirst(r.bytesNeeded());
                break;
            default:
                counters.completionsDropped.increment();
                LOG.debug("{}: completion trans_id=0x{} error={} dropped: {}", end.name(),
                        Long.toHexString(transactionId), completion.errorValue(), r);
                break;
        }
    }

    /** One try on the ring inside the gate; null when the gate is shut (the channel is detached). */
    private SendResult sendInsideGate(final long transactionId, final byte[] payload) {
        return sendInsideGate(transactionId, Unpooled.wrappedBuffer(payload));
    }

    /** One try of a payload of {@link AzBlobVspResponseLayout#LENGTH} bytes from index 0 of the buffer. */
    private SendResult sendInsideGate(final long transactionId, final ByteBuf payload) {
        if (!gate.enter()) {
            return null;
        }
        try {
            return end.sendCompletion(transactionId, payload, 0, AzBlobVspResponseLayout.LENGTH);
        } finally {
            gate.exit();
        }
    }

    /**
     * Sends once, without waiting for space: for the detach path, which has already shut the gate.
     *
     * @param transactionId the request's {@code trans_id}
     * @param completion    the completion
     */
    void sendOnceWithoutGate(final long transactionId, final VspCompletion completion) {
        final byte[] payload = completion.encode();
        final SendResult r = end.sendCompletion(transactionId, Unpooled.wrappedBuffer(payload), 0, payload.length);
        if (r.isSent()) {
            counters.completionSent(completion);
        } else {
            counters.completionsDropped.increment();
            LOG.debug("{}: completion trans_id=0x{} dropped at detach: {}", end.name(),
                    Long.toHexString(transactionId), r);
        }
    }

    /**
     * One completion's retries after a full ring. Synchronized so that a retry and the give-up timer agree on
     * the outcome.
     */
    private final class Attempt implements Runnable {
        private final long transactionId;
        private final VspCompletion completion;
        private final byte[] payload;
        private boolean done;
        private Cancellable giveUpTimer;
        private CompletableFuture<Void> spaceWait;

        Attempt(final long transactionId, final VspCompletion completion, final byte[] payload) {
            this.transactionId = transactionId;
            this.completion = completion;
            this.payload = payload;
        }

        /** After a first try found the ring full: wait for space, then retry on the scheduler. */
        synchronized void waitForSpaceFirst(final int bytesNeeded) {
            waitForSpace(bytesNeeded);
        }

        @Override
        public synchronized void run() {
            if (done) {
                return;
            }
            final SendResult r = sendInsideGate(transactionId, payload);
            if (r == null) {
                drop("channel detached");
                return;
            }
            switch (r.status()) {
                case SENT:
                    done = true;
                    cancelGiveUp();
                    counters.completionSent(completion);
                    break;
                case RING_FULL:
                    waitForSpace(r.bytesNeeded());
                    break;
                default:
                    drop(r.toString());
                    break;
            }
        }

        /** Caller holds this. */
        private void waitForSpace(final int bytesNeeded) {
            counters.completionSpaceWaits.increment();
            try {
                if (giveUpTimer == null) {
                    giveUpTimer = end.scheduler().schedule(this::giveUp, spaceWaitNanos, TimeUnit.NANOSECONDS);
                }
                spaceWait = end.awaitSpace(bytesNeeded);
                // Retry on the scheduler, never inline: an already-complete future must not recurse here.
                spaceWait.whenComplete((ignored, error) -> {
                    if (error == null) {
                        retryLater();
                    } else {
                        dropFromCallback(error.toString());
                    }
                });
            } catch (final RejectedExecutionException e) {
                drop("scheduler closed");
            }
        }

        private void retryLater() {
            try {
                end.scheduler().execute(this);
            } catch (final RejectedExecutionException e) {
                dropFromCallback("scheduler closed");
            }
        }

        private synchronized void dropFromCallback(final String why) {
            if (!done) {
                drop(why);
            }
        }

        private synchronized void giveUp() {
            if (!done) {
                // Drop first: cancelling runs the future's callback here, which must find the outcome decided.
                drop("ring still full after " + TimeUnit.NANOSECONDS.toMillis(spaceWaitNanos) + " ms");
                if (spaceWait != null) {
                    spaceWait.cancel(false);
                }
            }
        }

        /** Caller holds this. */
        private void drop(final String why) {
            done = true;
            cancelGiveUp();
            counters.completionsDropped.increment();
            LOG.debug("{}: completion trans_id=0x{} error={} dropped: {}", end.name(), Long.toHexString(transactionId),
                    completion.errorValue(), why);
        }

        /** Caller holds this. */
        private void cancelGiveUp() {
            if (giveUpTimer != null) {
                giveUpTimer.cancel();
                giveUpTimer = null;
            }
        }
    }
}

package org.vmbussim.azblob.vsp.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.uapi.Errno;

/** The provider's small parts on their own: the completion's bytes, the gate, the builder's bounds. */
class ProviderPartsTest {

    @Test
    void completionsEncodeLittleEndianAndClampSizesToU32() {
        // length = 2^33 needed -> 0xffffffff; error = EMSGSIZE (90 = 0x5a); response_len = 300 = 0x12c.
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x5a, 0, 0, 0, 0x2c, 0x01,
                0, 0}, VspCompletion.doesNotFit(300, 1L << 33).encode());
        // Carried: length = 1024 (0x400), error 0, response_len = 77 (0x4d).
        assertArrayEquals(new byte[] {0, 0x04, 0, 0, 0, 0, 0, 0, 0x4d, 0, 0, 0},
                VspCompletion.carried(1024, 77).encode());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 110, 0, 0, 0, 0, 0, 0, 0},
                VspCompletion.failed(Errno.ETIMEDOUT).encode());
    }

    @Test
    void theGateWaitsForAccessesInsideAndRefusesNewOnesAfterClosing() throws Exception {
        final GuestAccessGate gate = new GuestAccessGate();
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch leave = new CountDownLatch(1);
        final Thread worker = new Thread(() -> {
            assertTrue(gate.enter());
            inside.countDown();
            try {
                leave.await(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                gate.exit();
            }
        }, "gate-test");
        worker.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        assertFalse(gate.close(50, TimeUnit.MILLISECONDS), "an access is still inside");
        assertFalse(gate.enter(), "shut for new accesses even when the wait timed out");
        leave.countDown();
        worker.join(10_000);
        assertFalse(worker.isAlive());
        assertTrue(gate.close(1, TimeUnit.SECONDS));
        assertFalse(gate.enter());
    }

    @Test
    void theBuilderRefusesValuesOutOfRange() {
        try (StorageEngine engine = StorageEngine.inMemory()) {
            final AzureBlobProvider.Builder b = AzureBlobProvider.builder(engine);
            assertThrows(IllegalArgumentException.class, () -> b.workerThreads(0));
            assertThrows(IllegalArgumentException.class, () -> b.defaultTimeoutMillis(0));
            assertThrows(IllegalArgumentException.class, () -> b.completionSpaceWaitMillis(0));
            assertThrows(IllegalArgumentException.class, () -> b.maxInFlightPerChannel(0));
            assertThrows(IllegalArgumentException.class, () -> b.name(""));
            assertThrows(NullPointerException.class, () -> AzureBlobProvider.builder(null));
        }
    }

    @Test
    void theWarningThrottleLetsOneThroughPerInterval() {
        final WarnThrottle throttle = new WarnThrottle(1, TimeUnit.HOURS);
        assertTrue(throttle.allow());
        assertFalse(throttle.allow());
        assertFalse(throttle.allow());
        assertTrue(throttle.takeSuppressed() == 2 && throttle.takeSuppressed() == 0);
    }
}

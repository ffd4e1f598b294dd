package org.vmbussim.azblob.vsp.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.core.sched.DeterministicScheduler;

/**
 * B3 through the device: a guest's upload whose data buffer was corrupted after the guest computed its
 * transactional Content-MD5 (one bit flipped between VSC and VSP) is 400 Md5Mismatch and stores nothing;
 * the intact upload is stored and its MD5 comes back on GET.
 */
class TransactionalMd5DeviceTest {
    private static final long SEED = 0x5EED_0B03L;

    private final DeterministicRig rig = new DeterministicRig(SEED);
    private final DeterministicScheduler scheduler = rig.scheduler;

    @AfterEach
    void closeAll() {
        rig.closeAll();
    }

    private Http.ResponseHead exchange(final ScriptedGuest guest, final ScriptedGuest.Submitted sent) {
        scheduler.runUntilIdle();
        final ScriptedGuest.Completion c = guest.completion(sent.transactionId());
        assertNotNull(c, "no completion (seed " + SEED + ")");
        assertEquals(0, c.error(), "an HTTP error status is a carried request");
        return Http.parseResponseHead(guest.responseHead(sent, c));
    }

    @Test
    void aBitFlippedOnTheWayIsMd5MismatchAndTheIntactUploadKeepsItsMd5() throws Exception {
        final StorageEngine engine = rig.closing(StorageEngine.inMemory());
        final AzureBlobProvider provider = rig.closing(AzureBlobProvider.builder(engine).name("md5")
                .executor(scheduler::execute).build());
        final ScriptedGuest guest = rig.closing(ScriptedGuest.on(provider, rig.memory, scheduler).attach());
        assertEquals(201, exchange(guest, guest.request(Http.signedHead("PUT", "/md5?restype=container",
                new byte[0])).send()).status());

        final byte[] blob = new byte[20_000];
        new Random(SEED).nextBytes(blob);
        final String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(blob));
        final byte[] corrupted = blob.clone();
        corrupted[12_345] ^= 0x10;
        final ScriptedGuest.Submitted bad = guest.request(Http.signedHead("PUT", "/md5/b", corrupted,
                "x-ms-blob-type", "BlockBlob", "Content-MD5", md5)).body(corrupted).send();
        final Http.ResponseHead refused = exchange(guest, bad);
        assertEquals(400, refused.status());
        assertEquals("Md5Mismatch", refused.header("x-ms-error-code"));
        assertEquals(404, exchange(guest, guest.request(Http.signedHead("HEAD", "/md5/b", new byte[0])).send())
                .status(), "nothing stored");

        assertEquals(201, exchange(guest, guest.request(Http.signedHead("PUT", "/md5/b", blob,
                "x-ms-blob-type", "BlockBlob", "Content-MD5", md5)).body(blob).send()).status());
        final ScriptedGuest.Submitted get = guest.request(Http.signedHead("GET", "/md5/b", new byte[0]))
                .dataLength(blob.length).send();
        scheduler.runUntilIdle();
        final ScriptedGuest.Completion c = guest.completion(get.transactionId());
        assertEquals(0, c.error());
        assertEquals(md5, Http.parseResponseHead(guest.responseHead(get, c)).header("Content-MD5"));
        assertArrayEquals(blob, guest.body(get, c));
    }
}

package org.vmbussim.azblob.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.LeaseDurationType;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.blob.models.LeaseStatusType;
import com.azure.storage.blob.options.BlobBreakLeaseOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.client.RealStackDeviceFixture;
import org.vmbussim.azblob.vsp.store.ManualClock;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;

/**
 * B4 at the SDK level: the unmodified Azure SDK's {@link BlobLeaseClient} over {@link FastPathHttpClient},
 * the real VSC, VMBus rings and VSP, against the in-memory store whose clock the test moves: acquire,
 * the lease conditions of writes, expiry, renew, change, break and release, with the SDK's own error codes.
 */
class LeaseSdkTest {
    private static final String LEASE_A = "aaaaaaaa-0000-4000-8000-00000000000a";
    private static final String LEASE_B = "bbbbbbbb-0000-4000-8000-00000000000b";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T20:00:00Z"));
    private SdkFixture sdk;
    private BlobClient blob;

    @BeforeEach
    void open() {
        sdk = new SdkFixture(new RealStackDeviceFixture(StorageEngine.inMemory(
                StorageOptions.defaults().withClock(clock))));
        final BlobContainerClient container = sdk.syncClient().createBlobContainer("leases");
        blob = container.getBlobClient("leased.txt");
        blob.upload(BinaryData.fromString("v1"));
    }

    @AfterEach
    void close() {
        sdk.close();
    }

    private static BlobErrorCode error(final Runnable call) {
        return assertThrows(BlobStorageException.class, call::run).getErrorCode();
    }

    private void upload(final String text, final String leaseId) {
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(text))
                .setRequestConditions(new BlobRequestConditions().setLeaseId(leaseId)), null, Context.NONE);
    }

    private void assertLease(final LeaseStateType state, final LeaseStatusType status,
                             final LeaseDurationType duration) {
        final BlobProperties p = blob.getProperties();
        assertEquals(state, p.getLeaseState());
        assertEquals(status, p.getLeaseStatus());
        assertEquals(duration, p.getLeaseDuration());
    }

    @Test
    void theSdksLeaseClientAcquiresRenewsChangesBreaksAndReleases() {
        final BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(blob).leaseId(LEASE_A).buildClient();
        assertEquals(LEASE_A, lease.acquireLease(15));
        assertLease(LeaseStateType.LEASED, LeaseStatusType.LOCKED, LeaseDurationType.FIXED);

        assertEquals(BlobErrorCode.LEASE_ID_MISSING, error(() -> blob.upload(BinaryData.fromString("v2"), true)));
        assertEquals(BlobErrorCode.LEASE_ID_MISMATCH_WITH_BLOB_OPERATION, error(() -> upload("v2", LEASE_B)));
        assertEquals(BlobErrorCode.LEASE_ID_MISSING, error(() -> blob.delete()));
        assertEquals("v1", blob.downloadContent().toString(), "refused writes changed nothing");
        upload("v2", LEASE_A);
        assertEquals("v2", blob.downloadContent().toString());

        assertEquals(BlobErrorCode.LEASE_ALREADY_PRESENT, error(() -> new BlobLeaseClientBuilder().blobClient(blob)
                .leaseId(LEASE_B).buildClient().acquireLease(-1)));

        clock.advance(Duration.ofSeconds(15));
        assertLease(LeaseStateType.EXPIRED, LeaseStatusType.UNLOCKED, null);
        assertEquals(BlobErrorCode.LEASE_NOT_PRESENT_WITH_BLOB_OPERATION, error(() -> upload("v3", LEASE_A)));
        assertEquals(LEASE_A, lease.renewLease());
        assertLease(LeaseStateType.LEASED, LeaseStatusType.LOCKED, LeaseDurationType.FIXED);

        assertEquals(LEASE_B, lease.changeLease(LEASE_B));
        assertEquals(LEASE_B, lease.getLeaseId());
        assertEquals(BlobErrorCode.LEASE_ID_MISMATCH_WITH_BLOB_OPERATION, error(() -> upload("v3", LEASE_A)));

        final Integer remaining = lease.breakLeaseWithResponse(new BlobBreakLeaseOptions()
                .setBreakPeriod(Duration.ofSeconds(10)), null, Context.NONE).getValue();
        assertEquals(10, remaining);
        assertLease(LeaseStateType.BREAKING, LeaseStatusType.LOCKED, null);
        assertEquals(BlobErrorCode.LEASE_IS_BROKEN_AND_CANNOT_BE_RENEWED, error(lease::renewLease));
        clock.advance(Duration.ofSeconds(10));
        assertLease(LeaseStateType.BROKEN, LeaseStatusType.UNLOCKED, null);
        lease.releaseLease();
        assertLease(LeaseStateType.AVAILABLE, LeaseStatusType.UNLOCKED, null);
        assertNull(blob.getProperties().getLeaseDuration());

        final BlobLeaseClient infinite = new BlobLeaseClientBuilder().blobClient(blob).buildClient();
        final String id = infinite.acquireLease(-1);
        clock.advance(Duration.ofDays(30));
        assertLease(LeaseStateType.LEASED, LeaseStatusType.LOCKED, LeaseDurationType.INFINITE);
        assertEquals(0, infinite.breakLease());
        assertLease(LeaseStateType.BROKEN, LeaseStatusType.UNLOCKED, null);
        blob.delete();
        assertEquals(BlobErrorCode.BLOB_NOT_FOUND, error(() -> new BlobLeaseClientBuilder().blobClient(blob)
                .leaseId(id).buildClient().renewLease()));
    }
}

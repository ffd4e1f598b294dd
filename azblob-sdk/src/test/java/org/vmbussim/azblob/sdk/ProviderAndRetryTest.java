package org.vmbussim.azblob.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpClient;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.client.BlobFastPathException;
import org.vmbussim.azblob.client.InProcessDeviceFixture;
import org.vmbussim.uapi.Errno;

/** The service-loaded provider, binding by pipeline policy, and how the SDK's retry policy sees failures. */
class ProviderAndRetryTest {
    private final InProcessDeviceFixture device = InProcessDeviceFixture.inMemory();
    private final SdkFixture sdk = new SdkFixture(device);

    @AfterEach
    void close() {
        sdk.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("fastpath-sdk-")
                && t.isAlive()), "the send pool's threads ended");
    }

    @Test
    void theSdkFindsTheProviderWithoutNetty() {
        assertInstanceOf(ContextBoundHttpClient.class, HttpClient.createDefault());
    }

    @Test
    void aClientBuiltWithoutAnHttpClientRunsOverTheBoundDevice() {
        final BlobServiceClient service = sdk.builder(3).addPolicy(sdk.http.bindingPolicy()).buildClient();
        final BlobContainerClient container = service.createBlobContainer("provided");
        final byte[] data = AbstractSdkScenarioTest.bytes(5000);
        container.getBlobClient("b").upload(BinaryData.fromBytes(data));
        assertArrayEquals(data, container.getBlobClient("b").downloadContent().toBytes());

        final BlobContainerAsyncClient async = sdk.builder(3).addPolicy(sdk.http.bindingPolicy()).buildAsyncClient()
                .getBlobContainerAsyncClient("provided");
        assertArrayEquals(data, async.getBlobAsyncClient("b").downloadContent().block(Duration.ofSeconds(30))
                .toBytes());
    }

    @Test
    void anUnboundRequestFailsNamingTheFix() {
        final BlobServiceClient unbound = sdk.builder(3).buildClient();
        final RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> unbound.createBlobContainer("nowhere"));
        final IllegalStateException e = AbstractSdkScenarioTest.causeOf(thrown, IllegalStateException.class);
        assertTrue(e.getMessage().contains("bindingPolicy"), e.getMessage());
    }

    @Test
    void aPassingHostErrorIsRetriedByTheSdk() {
        final BlobServiceClient service = sdk.syncClient();
        final BlobContainerClient container = service.createBlobContainer("retried");
        final int before = device.device().requests();
        device.device().failNextCompletions(2, Errno.ETIMEDOUT);
        assertTrue(container.exists());
        assertEquals(before + 3, device.device().requests(), "two timeouts, then the answer");
    }

    @Test
    void aPersistentPassingErrorSurfacesAsFastPathIoException() {
        final BlobServiceClient service = sdk.builder(2).httpClient(sdk.http).buildClient();
        final BlobContainerClient container = service.createBlobContainer("reset");
        device.device().failNextCompletions(5, Errno.ECONNRESET);
        final RuntimeException e = assertThrows(RuntimeException.class, container::exists);
        assertEquals(Errno.ECONNRESET, AbstractSdkScenarioTest.causeOf(e, FastPathIOException.class).errno());
    }

    @Test
    void aProtocolRefusalIsNotRetried() {
        final BlobServiceClient service = sdk.syncClient();
        final BlobContainerClient container = service.createBlobContainer("refused");
        final int before = device.device().requests();
        device.device().failNextCompletions(5, Errno.EINVAL);
        final RuntimeException e = assertThrows(RuntimeException.class, container::exists);
        assertEquals(Errno.EINVAL, AbstractSdkScenarioTest.causeOf(e, BlobFastPathException.class).errno());
        assertEquals(before + 1, device.device().requests());
    }
}

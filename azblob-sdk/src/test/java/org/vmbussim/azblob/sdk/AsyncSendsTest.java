package org.vmbussim.azblob.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobAsyncClient;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.client.InProcessDeviceFixture;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Where {@link FastPathHttpClient#send} runs its exchange: {@link FastPathHttpClient.AsyncSends#SUBSCRIBER}. */
class AsyncSendsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final InProcessDeviceFixture device = InProcessDeviceFixture.inMemory();
    private final SdkFixture sdk = new SdkFixture(device, FastPathHttpClient.AsyncSends.SUBSCRIBER);

    @AfterEach
    void close() {
        sdk.close();
        assertEquals(0, sendPoolThreads(), "the send pool's threads ended");
    }

    private static long sendPoolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("fastpath-sdk-") && t.isAlive()).count();
    }

    @Test
    void theSynchronousClientsCallsRunOnTheCallersThreadWithoutThePool() {
        assertEquals(FastPathHttpClient.AsyncSends.SUBSCRIBER, sdk.http.asyncSends());
        final BlobContainerClient container = sdk.syncClient().createBlobContainer("inline");
        final BlobClient blob = container.getBlobClient("b");
        final byte[] data = AbstractSdkScenarioTest.bytes(6000);
        blob.upload(BinaryData.fromBytes(data), true);
        assertArrayEquals(data, blob.downloadContent().toBytes());
        assertEquals(0, sendPoolThreads(), "upload and downloadContent ran on this thread: the pool never started");
    }

    @Test
    void aSubscriptionOnAReactorNonBlockingThreadStillGoesToThePool() throws Exception {
        sdk.syncClient().createBlobContainer("hop");
        final HttpRequest exists = new HttpRequest(HttpMethod.GET,
                SdkFixture.ENDPOINT + "/hop?restype=container");
        final CountDownLatch answered = new CountDownLatch(1);
        final String[] ranOn = new String[1];
        Mono.defer(() -> sdk.http.send(exists)).map(response -> {
            ranOn[0] = Thread.currentThread().getName();
            return response;
        }).subscribeOn(Schedulers.parallel()).subscribe(response -> answered.countDown());
        assertTrue(answered.await(30, TimeUnit.SECONDS), "no answer");
        assertTrue(ranOn[0].startsWith("fastpath-sdk-"), "exchange ran on " + ranOn[0]);
    }

    @Test
    void theAsyncClientsParallelBlocksStillArriveWhole() {
        final BlobContainerAsyncClient container = sdk.asyncClient().createBlobContainer("blocks").block(WAIT);
        final BlobAsyncClient blob = container.getBlobAsyncClient("nine");
        final byte[] nine = AbstractSdkScenarioTest.bytes(9 << 20);
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(nine))
                .setParallelTransferOptions(sdk.http.parallelTransferOptions())).block(WAIT);
        assertArrayEquals(nine, blob.downloadContent().block(WAIT).toBytes());
    }

    @Test
    void anUnsignedRequestGetsTheStoresRefusalAndNoChoiceIsRefused() {
        final HttpRequest noSuchBlob = new HttpRequest(HttpMethod.GET, SdkFixture.ENDPOINT + "/none/none");
        final HttpResponse response = sdk.http.send(noSuchBlob).block(WAIT);
        // Unsigned: the store refuses it, on this thread, as an HTTP answer rather than an exception.
        assertTrue(response.getStatusCode() >= 400, "status " + response.getStatusCode());
        assertThrows(NullPointerException.class,
                () -> new FastPathHttpClient(sdk.transport, 1, null));
    }
}

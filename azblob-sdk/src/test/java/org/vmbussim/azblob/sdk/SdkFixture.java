package org.vmbussim.azblob.sdk;

import com.azure.storage.blob.BlobServiceAsyncClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import org.vmbussim.azblob.client.FastPathTransport;
import org.vmbussim.azblob.client.FastPathTransportOptions;
import org.vmbussim.azblob.client.BlobDeviceFixture;
import org.vmbussim.core.process.SimProcess;

/**
 * A guest process with the fast path open over the in-process device double, and the unmodified Azure SDK
 * builders pointed at it. The endpoint has an explicit port, so URLs are path-style; it is never dialled.
 */
final class SdkFixture implements AutoCloseable {
    static final String ENDPOINT = "http://127.0.0.1:10000/devstoreaccount1";

    final BlobDeviceFixture device;
    final SimProcess process;
    final FastPathTransport transport;
    final FastPathHttpClient http;

    SdkFixture(final BlobDeviceFixture device) {
        this(device, FastPathHttpClient.AsyncSends.POOL);
    }

    SdkFixture(final BlobDeviceFixture device, final FastPathHttpClient.AsyncSends asyncSends) {
        this.device = device;
        this.process = device.spawnProcess();
        this.transport = FastPathTransport.open(device.devfs(), process, device.devicePath(),
                FastPathTransportOptions.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        this.http = new FastPathHttpClient(transport, transport.options().maxInFlight(), asyncSends);
    }

    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + device.accountName() + ";AccountKey="
                + device.accountKey() + ";BlobEndpoint=" + ENDPOINT + ";";
    }

    /** Retries after 10 ms, never the SDK's 4 s base. */
    static RequestRetryOptions quickRetries(final int maxTries) {
        return new RequestRetryOptions(RetryPolicyType.FIXED, maxTries, Duration.ofSeconds(60), Duration.ofMillis(10),
                Duration.ofMillis(10), null);
    }

    BlobServiceClientBuilder builder(final int maxTries) {
        return new BlobServiceClientBuilder().connectionString(connectionString()).retryOptions(quickRetries(maxTries));
    }

    BlobServiceClient syncClient() {
        return builder(3).httpClient(http).buildClient();
    }

    BlobServiceAsyncClient asyncClient() {
        return builder(3).httpClient(http).buildAsyncClient();
    }

    @Override
    public void close() {
        try {
            http.close();
            transport.close();
        } finally {
            device.close();
        }
    }
}

package org.vmbussim.azblob.sdk;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpClientProvider;
import com.azure.core.util.HttpClientOptions;

/**
 * Registers the fast path as an azure-core HTTP client implementation (META-INF/services), so the SDK runs
 * without Netty on the class path. The client it creates sends each request through the
 * {@link FastPathHttpClient} bound to it by {@link FastPathHttpClient#bindingPolicy()}; a request without one
 * fails with an {@link IllegalStateException} naming the fix. Proxy, timeout and pool options do not apply
 * to a device node and are ignored.
 */
public final class FastPathHttpClientProvider implements HttpClientProvider {
    /** Creates the provider (the service loader calls this). */
    public FastPathHttpClientProvider() {
        // stateless
    }

    @Override
    public HttpClient createInstance() {
        return new ContextBoundHttpClient();
    }

    @Override
    public HttpClient createInstance(final HttpClientOptions clientOptions) {
        return new ContextBoundHttpClient();
    }
}

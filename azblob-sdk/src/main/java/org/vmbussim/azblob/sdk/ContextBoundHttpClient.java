package org.vmbussim.azblob.sdk;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

/**
 * The client {@link FastPathHttpClientProvider} hands the SDK. A provider is found by the service loader and
 * cannot be given a device, and the simulator keeps no global one, so this client holds nothing: each request
 * must carry a {@link FastPathHttpClient} in its context (put there by that client's
 * {@link FastPathHttpClient#bindingPolicy()}), which sends it. Stateless and thread-safe.
 */
final class ContextBoundHttpClient implements HttpClient {
    @Override
    public Mono<HttpResponse> send(final HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(final HttpRequest request, final Context context) {
        final FastPathHttpClient bound = bound(context);
        return bound == null ? Mono.error(unbound(request)) : bound.send(request, context);
    }

    @Override
    public HttpResponse sendSync(final HttpRequest request, final Context context) {
        final FastPathHttpClient bound = bound(context);
        if (bound == null) {
            throw unbound(request);
        }
        return bound.sendSync(request, context);
    }

    private static FastPathHttpClient bound(final Context context) {
        if (context == null) {
            return null;
        }
        return context.getData(FastPathHttpClient.CONTEXT_KEY).filter(FastPathHttpClient.class::isInstance)
                .map(FastPathHttpClient.class::cast).orElse(null);
    }

    private static IllegalStateException unbound(final HttpRequest request) {
        return new IllegalStateException(request.getHttpMethod() + " " + request.getUrl()
                + ": no fast-path device is bound to this request. Build the SDK client with"
                + " .httpClient(new FastPathHttpClient(transport)), or add"
                + " .addPolicy(fastPathHttpClient.bindingPolicy()) to its builder");
    }
}

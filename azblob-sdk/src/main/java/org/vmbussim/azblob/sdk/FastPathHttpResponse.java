package org.vmbussim.azblob.sdk;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.CoreUtils;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Map;
import org.vmbussim.azblob.client.FastPathResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An azure-core response over a fast-path response. The body was copied out of the process's data buffer
 * when the request completed, so it can be read any number of times: every subscription gets a fresh
 * read-only view, and closing releases nothing.
 */
final class FastPathHttpResponse extends HttpResponse {
    private final FastPathResponse response;
    private final HttpHeaders headers;

    FastPathHttpResponse(final HttpRequest request, final FastPathResponse response) {
        super(request);
        this.response = response;
        this.headers = new HttpHeaders(response.headers().size());
        for (final Map.Entry<String, String> e : response.headers().entries()) {
            headers.add(HttpHeaderName.fromString(e.getKey()), e.getValue());
        }
    }

    @Override
    public int getStatusCode() {
        return response.status();
    }

    /** Abstract in azure-core, though deprecated there in favour of {@code getHeaderValue(HttpHeaderName)}. */
    @Override
    @Deprecated
    public String getHeaderValue(final String name) {
        return headers.getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
        return Flux.defer(() -> response.bodyLength() == 0 ? Flux.empty() : Flux.just(response.body()));
    }

    @Override
    public BinaryData getBodyAsBinaryData() {
        return BinaryData.fromByteBuffer(response.body());
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return Mono.fromSupplier(response::bodyBytes);
    }

    @Override
    public Mono<String> getBodyAsString() {
        return Mono.fromSupplier(() -> CoreUtils.bomAwareToString(response.bodyBytes(),
                headers.getValue(HttpHeaderName.CONTENT_TYPE)));
    }

    @Override
    public Mono<String> getBodyAsString(final Charset charset) {
        return Mono.fromSupplier(() -> new String(response.bodyBytes(), charset));
    }

    @Override
    public HttpResponse buffer() {
        return this;
    }
}

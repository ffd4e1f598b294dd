package org.vmbussim.azblob.vsp.provider;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;

/** A backend answering every request from a function (failures, throws), counting calls. */
final class StubBackend implements BlobBackend {
    private final Function<BlobRequest, BlobOutcome> answer;
    private final AtomicInteger calls = new AtomicInteger();

    StubBackend(final Function<BlobRequest, BlobOutcome> answer) {
        this.answer = answer;
    }

    @Override
    public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
        calls.incrementAndGet();
        return answer.apply(request);
    }

    int calls() {
        return calls.get();
    }

    @Override
    public void close() {
    }
}

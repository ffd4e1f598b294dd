package org.vmbussim.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vmbussim.azblob.vsp.backend.BlobBackend;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;

/** A backend that remembers what the host's provider asked of it and what it answered, for the transcript. */
final class RecordingBackend implements BlobBackend {
    /** One served request. */
    record Served(String method, String target, String outcome, long bodyBytesIn, long bodyBytesOut) {
    }

    private final BlobBackend delegate;
    private final List<Served> served = new ArrayList<>();

    RecordingBackend(final BlobBackend delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public BlobOutcome execute(final BlobRequest request, final long bodyCapacityBytes) {
        final BlobOutcome outcome = delegate.execute(request, bodyCapacityBytes);
        final String text;
        long out = 0;
        if (outcome instanceof BlobOutcome.Completed c) {
            text = c.response().status() + " " + c.response().reason();
            out = c.response().bodyLength();
        } else if (outcome instanceof BlobOutcome.BodyTooLarge t) {
            text = t.head().status() + ", body of " + t.bodyBytesNeeded() + " B too large for the buffer";
        } else {
            final BlobOutcome.Failed f = (BlobOutcome.Failed) outcome;
            text = "failed: " + f.errno();
        }
        synchronized (this) {
            served.add(new Served(request.method(), request.target(), text, request.bodyLength(), out));
        }
        return outcome;
    }

    /**
     * Takes the requests served since the last call.
     *
     * @return them, in order
     */
    synchronized List<Served> drain() {
        final List<Served> out = new ArrayList<>(served);
        served.clear();
        return out;
    }

    @Override
    public void close() {
        delegate.close();
    }
}

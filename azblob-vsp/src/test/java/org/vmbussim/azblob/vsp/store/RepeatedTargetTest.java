package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmbussim.azblob.vsp.store.Requests.send;
import static org.vmbussim.azblob.vsp.store.Requests.text;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.BlobResponse;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

/**
 * The engine reuses the parsed resource of the last request whose target is the same string object, as a
 * channel's head parser hands out for a repeated target: every request still reaches its own resource.
 */
class RepeatedTargetTest {
    private static final SharedKeyCredential KEY = SharedKeyCredential.devStoreAccount();

    /** A signed GET whose request target is exactly {@code target} (this very string object). */
    private static BlobResponse get(final StorageEngine engine, final String target) {
        final HttpFields h = HttpFields.builder().add("x-ms-version", "2021-08-06")
                .add("x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT").add("Content-Length", "0").build();
        final BlobRequest request = KEY.sign(BlobRequest.of("GET", target, h, new byte[0]));
        assertSame(target, request.target(), "the request keeps the target string it was given");
        final BlobOutcome o = engine.execute(request);
        return ((BlobOutcome.Completed) o).response();
    }

    @Test
    void requestsAlternatingBetweenTwoRepeatedTargetStringsEachReachTheirOwnBlob() {
        try (StorageEngine engine = StorageEngine.inMemory()) {
            send(engine, "PUT", "/cont?restype=container", null);
            send(engine, "PUT", "/cont/a", "alpha", "x-ms-blob-type", "BlockBlob");
            send(engine, "PUT", "/cont/b", "beta", "x-ms-blob-type", "BlockBlob");
            final String a = "/devstoreaccount1/cont/a";
            final String b = new String("/devstoreaccount1/cont/b".getBytes(StandardCharsets.US_ASCII),
                    StandardCharsets.US_ASCII);
            final String otherA = new String(a.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
            final String missing = "/devstoreaccount1/cont/none";
            final String list = "/devstoreaccount1/cont?restype=container&comp=list";
            for (int round = 0; round < 3; round++) {
                assertEquals("alpha", text(get(engine, a)), "round " + round);
                assertEquals("alpha", text(get(engine, a)), "round " + round + ", a again");
                assertEquals("beta", text(get(engine, b)), "round " + round);
                assertEquals("alpha", text(get(engine, otherA)), "round " + round + ", equal text, other string");
                assertEquals(404, get(engine, missing).status(), "round " + round);
                assertEquals(404, get(engine, missing).status(), "round " + round + ", missing again");
                assertTrue(text(get(engine, list)).contains("<Name>b</Name>"), "round " + round);
                assertEquals("beta", text(get(engine, b)), "round " + round + ", after a query");
            }
        }
    }
}

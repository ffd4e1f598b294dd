package org.vmbussim.azblob.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

class SharedKeySignerTest {
    private final SharedKeySigner signer = new SharedKeySigner(SharedKeyCredential.DEV_ACCOUNT,
            SharedKeyCredential.DEV_ACCOUNT_KEY);

    private static final HttpFields PUT_BLOCK_FIELDS = HttpFields.of(
            "x-ms-version", "2021-08-06",
            "x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT",
            "Host", "blob.fastpath",
            "Content-Length", "11",
            "Content-Type", "text/plain",
            "If-Match", "\"0x1\"",
            "X-MS-Meta-A", " 1 ",
            "x-ms-meta-a", "2",
            "x-ms-blob-type", "BlockBlob");
    private static final FieldList PUT_BLOCK_LIST = FieldList.of(PUT_BLOCK_FIELDS);
    private static final String PUT_BLOCK_TARGET =
            "/devstoreaccount1/photos/2026%2Fcat%20x.jpg?comp=block&blockid=AAE%2B%2Fw%3D%3D";

    @Test
    void stringToSignFollowsTheDocumentedLayout() {
        assertEquals(String.join("\n", "PUT", "", "", "11", "", "text/plain", "", "", "\"0x1\"", "", "", "",
                "x-ms-blob-type:BlockBlob", "x-ms-date:Tue, 24 Nov 2026 20:00:00 GMT", "x-ms-meta-a:1,2",
                "x-ms-version:2021-08-06",
                "/devstoreaccount1/devstoreaccount1/photos/2026%2Fcat%20x.jpg", "blockid:AAE+/w==", "comp:block"),
                signer.stringToSign("PUT", PUT_BLOCK_TARGET, PUT_BLOCK_LIST));
    }

    @Test
    void signatureMatchesAnIndependentHmac() {
        // python3: base64(hmac.new(b64decode(devkey), string_to_sign, sha256).digest())
        assertEquals("SharedKey devstoreaccount1:5+escJFOGkM6wDZeD6K5/a3hHN0pgCLfOZgoj0Z6hLI=",
                signer.authorization("PUT", PUT_BLOCK_TARGET, PUT_BLOCK_LIST));
    }

    @Test
    void theHostVerifiesWhatTheClientSigns() {
        final List<String> targets = List.of("/devstoreaccount1/c?restype=container",
                "/devstoreaccount1/c?restype=container&comp=list&prefix=a%2F&maxresults=2&marker=a%2F2",
                "/devstoreaccount1/c/%C3%BC%20x", "/devstoreaccount1/c/b?comp=metadata");
        for (final String target : targets) {
            for (final String method : List.of("GET", "HEAD", "PUT", "DELETE")) {
                final HttpFields fields = HttpFields.of("x-ms-version", "2021-08-06",
                        "x-ms-date", "Tue, 24 Nov 2026 20:00:00 GMT", "Content-Length", "0", "x-ms-meta-k", "v",
                        "If-None-Match", "*", "x-ms-range", "bytes=0-9");
                final HttpFields.Builder h = HttpFields.builder();
                fields.entries().forEach(e -> h.add(e.getKey(), e.getValue()));
                h.add("Authorization", signer.authorization(method, target, FieldList.of(fields)));
                final BlobRequest request = new BlobRequest(method, target, h.build(), ByteBuffer.allocate(0));
                assertTrue(SharedKeyCredential.devStoreAccount().verify(request), method + " " + target);
            }
        }
    }

    @Test
    void pooledHmacsSignCorrectlyFromManyThreadsAtOnceAndThePoolStaysBounded() throws Exception {
        final String expected = "SharedKey devstoreaccount1:5+escJFOGkM6wDZeD6K5/a3hHN0pgCLfOZgoj0Z6hLI=";
        final int threads = SharedKeySigner.MAX_POOLED_MACS + 8;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 500; i++) {
                        if (!expected.equals(signer.authorization("PUT", PUT_BLOCK_TARGET, PUT_BLOCK_LIST))) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (final Future<Integer> r : results) {
                assertEquals(0, r.get(60, TimeUnit.SECONDS), "signatures from a shared Mac were corrupted");
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertTrue(signer.pooledMacCount() >= 1 && signer.pooledMacCount() <= SharedKeySigner.MAX_POOLED_MACS,
                "pooled " + signer.pooledMacCount());
        // A reused instance starts clean: a different request right after gives its own signature.
        final FieldList date = FieldList.of(HttpFields.of("x-ms-date", "x"));
        final String other = signer.authorization("GET", "/devstoreaccount1/c/b", date);
        assertFalse(expected.equals(other));
        assertEquals(other, new SharedKeySigner(SharedKeyCredential.DEV_ACCOUNT, SharedKeyCredential.DEV_ACCOUNT_KEY)
                .authorization("GET", "/devstoreaccount1/c/b", date));
    }
}

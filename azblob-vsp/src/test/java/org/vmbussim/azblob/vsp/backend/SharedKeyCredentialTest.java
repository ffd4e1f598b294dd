package org.vmbussim.azblob.vsp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.protocol.HttpFields;

class SharedKeyCredentialTest {
    private final SharedKeyCredential credential = SharedKeyCredential.devStoreAccount();

    @Test
    void xMsHeadersAreLowerCasedSortedAndRepeatedNamesJoinedInTheirOrder() {
        final BlobRequest request = BlobRequest.of("PUT", "/devstoreaccount1/c/b?comp=metadata",
                HttpFields.of("x-ms-version", "2021-08-06", "X-MS-Meta-b", " 2 ", "x-ms-date", "Tue, 24 Nov 2026",
                        "x-ms-meta-A", "1", "x-ms-meta-b", "3", "Content-Length", "0", "Host", "h"), new byte[0]);
        assertEquals("PUT\n\n\n\n\n\n\n\n\n\n\n\n"
                + "x-ms-date:Tue, 24 Nov 2026\nx-ms-meta-a:1\nx-ms-meta-b:2,3\nx-ms-version:2021-08-06\n"
                + "/devstoreaccount1/devstoreaccount1/c/b\ncomp:metadata", credential.stringToSign(request));
    }

    @Test
    void signedRequestsVerifyFromManyThreadsAtOnceAndTamperedOnesDoNot() throws Exception {
        final ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            final List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                final int id = t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        final BlobRequest signed = credential.sign(BlobRequest.of("GET", "/devstoreaccount1/c/b" + id,
                                HttpFields.of("x-ms-date", "d" + i, "x-ms-version", "v"), new byte[0]));
                        if (!credential.verify(signed)) {
                            return false;
                        }
                        final BlobRequest tampered = signed.withHeaders(signed.headers().toBuilder()
                                .set("x-ms-date", "d" + (i + 1)).build());
                        if (credential.verify(tampered)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (final Future<Boolean> r : results) {
                assertTrue(r.get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertFalse(credential.verify(BlobRequest.of("GET", "/devstoreaccount1/c", HttpFields.empty(), new byte[0])));
    }
}

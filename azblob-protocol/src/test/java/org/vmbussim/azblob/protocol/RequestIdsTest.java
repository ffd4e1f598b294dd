package org.vmbussim.azblob.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    private static final Pattern SERVICE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CLIENT = Pattern.compile("[89a-f][0-9a-f]{15}[89a-f][0-9a-f]{15}");

    private final RequestIds ids = new RequestIds();

    @Test
    void idsHaveTheirFormsAndDoNotRepeatWhileOneScratchServesBothForms() {
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            // Alternating forms: the client form writes over the first 32 bytes of the service form's scratch.
            final String id = i % 2 == 0 ? ids.serviceForm() : ids.clientForm();
            assertTrue((i % 2 == 0 ? SERVICE : CLIENT).matcher(id).matches(), id);
            assertTrue(seen.add(id), id);
        }
    }

    @Test
    void threadsSharingOneInstanceEachGetWellFormedDistinctIds() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    final List<String> mine = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        mine.add(ids.serviceForm());
                    }
                    return mine;
                }));
            }
            final Set<String> all = new HashSet<>();
            for (final Future<List<String>> f : futures) {
                for (final String id : f.get(30, TimeUnit.SECONDS)) {
                    assertTrue(SERVICE.matcher(id).matches(), id);
                    assertTrue(all.add(id), id);
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}

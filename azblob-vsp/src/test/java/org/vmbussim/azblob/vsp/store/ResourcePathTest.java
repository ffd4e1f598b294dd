package org.vmbussim.azblob.vsp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;

/** The request target split by index: account, container, blob (each segment decoded alone) and query. */
class ResourcePathTest {
    /** Azure's rule as the regular expression the parser used to run per request: the reference. */
    private static final Pattern CONTAINER_NAME = Pattern.compile("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$");

    private static ResourcePath parse(final String target) throws StorageException {
        return ResourcePath.parse(new BlobRequest("GET", target, HttpFields.empty(), null));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "/acct,                       acct, null, null",
        "/acct/,                      acct, null, null",
        "/acct/cont,                  acct, cont, null",
        "/acct/cont/,                 acct, cont, null",
        "/acct/cont/b,                acct, cont, b",
        "/acct/cont/dir/b,            acct, cont, dir/b",
        "/acct/cont//,                acct, cont, /",
        "/acct//b,                    acct, null, b",
        "/acct/cont/a%2Fb/c%20d,      acct, cont, a/b/c d",
        "/acct/cont/caf%C3%A9?x=1,    acct, cont, café",
        "/acct/$root/b+c,             acct, $root, b+c",
        "/,                           '',   null, null",
    })
    void shouldSplitThePath(final String target, final String account, final String container, final String blob)
            throws StorageException {
        final ResourcePath p = parse(target);
        assertEquals(account, p.account());
        assertEquals(container, p.container());
        assertEquals(blob, p.blob());
    }

    @Test
    void shouldDecodeTheQuery() throws StorageException {
        assertEquals(Map.of(), parse("/acct/cont/b").query());
        assertEquals(Map.of(), parse("/acct/cont/b?").query());
        final ResourcePath p = parse("/acct/cont?restype=container&COMP=list&prefix=a+b%2F&comp=second&flag");
        assertEquals("container", p.param("restype"));
        assertEquals("list", p.param("comp"), "the first value wins");
        assertEquals("a b/", p.param("prefix"));
        assertEquals("", p.param("flag"));
        assertEquals("cont", p.container(), "a query does not end up in the path");
    }

    @Test
    void shouldRefuseBadNamesAndEncodings() {
        assertThrows(StorageException.class, () -> parse("/acct/Cont/b"));
        assertThrows(StorageException.class, () -> parse("/acct/a--b/b"));
        assertThrows(StorageException.class, () -> parse("/acct/cont/%zz"));
        assertThrows(StorageException.class, () -> parse("/acct/cont/b%2"));
        assertThrows(StorageException.class, () -> parse("/acct/cont/%C3"));
        final String longest = "b".repeat(ResourcePath.MAX_BLOB_NAME_CHARS);
        assertThrows(StorageException.class, () -> parse("/acct/cont/" + longest + "b"));
        assertEquals(longest, assertDoesNotThrow("/acct/cont/" + longest).blob());
    }

    private static ResourcePath assertDoesNotThrow(final String target) {
        try {
            return parse(target);
        } catch (final StorageException e) {
            throw new AssertionError(target, e);
        }
    }

    @Test
    void containerNameRuleMatchesTheRegularExpression() {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final String alphabet = "aab99--Z";
        for (int n = 0; n < 20_000; n++) {
            final int length = random.nextInt(70);
            final StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            final String name = sb.toString();
            assertEquals(CONTAINER_NAME.matcher(name).matches(), ResourcePath.isContainerName(name),
                    () -> "name \"" + name + "\" (seed " + seed + ")");
        }
    }
}

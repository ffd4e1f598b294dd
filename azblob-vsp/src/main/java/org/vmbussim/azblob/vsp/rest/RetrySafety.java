package org.vmbussim.azblob.vsp.rest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.vsp.backend.BlobRequest;

/**
 * Which requests the forwarder may send again, and after which faults.
 *
 * <p>A fault is either <em>unambiguous</em> (the upstream did not execute the request: the connection
 * was refused or never opened, or the Blob service answered 503 Server Busy or 429, which it sends
 * before executing) or <em>ambiguous</em> (the request may have taken effect: the connection was reset
 * or timed out after the request was sent, or the answer was 500). Every request is retried after an
 * unambiguous fault. After an ambiguous one, only a <em>repeatable</em> request is retried: one whose
 * second delivery leaves the same blob and gets the same answer as the first:
 *
 * <ul>
 *   <li>GET and HEAD;
 *   <li>unconditional Put Blob (same bytes again), Put Block (same id, same bytes), Put Block List
 *       naming only Latest or Committed blocks (after the first commit the blocks are committed, so
 *       Latest still finds them), Set Blob Metadata, Set Blob Properties, Set Container Metadata;
 *   <li>Lease Blob renew, change, break, and acquire with a proposed lease id (acquiring one's own
 *       lease again restarts it).
 * </ul>
 *
 * <p>Not repeatable, hence never retried after an ambiguous fault (the caller gets the errno and
 * knows the outcome is unknown): any request with a conditional header (If-Match, If-None-Match,
 * If-Modified-Since, If-Unmodified-Since: a duplicate of a write that took effect would fail its
 * condition, 412 or 409 BlobAlreadyExists, though the write succeeded), DELETE (a duplicate gets 404),
 * Create Container (409), Put Block List naming Uncommitted blocks (400 InvalidBlockList), lease acquire
 * without a proposed id (409 LeaseAlreadyPresent) and release (409), and every other method.
 */
final class RetrySafety {
    private static final String[] CONDITIONAL_HEADERS = {
        "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since",
    };

    private RetrySafety() {
    }

    /**
     * Whether a second delivery of a request is harmless (see the class comment).
     *
     * @param request the request
     * @return true when the request may be retried after an ambiguous fault
     */
    static boolean repeatable(final BlobRequest request) {
        final String method = request.method();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        if (!"PUT".equals(method)) {
            return false;
        }
        final HttpFields h = request.headers();
        for (final String name : CONDITIONAL_HEADERS) {
            if (h.first(name) != null) {
                return false;
            }
        }
        final String query = "&" + request.rawQuery().toLowerCase(Locale.ROOT) + "&";
        final boolean container = query.contains("&restype=container&");
        final String comp = param(query, "comp");
        if (container) {
            return "metadata".equals(comp);
        }
        if (comp == null) {
            return true;
        }
        switch (comp) {
            case "block":
            case "metadata":
            case "properties":
                return true;
            case "blocklist":
                return !new String(request.bodyBytes(), StandardCharsets.UTF_8).contains("<Uncommitted>");
            case "lease": {
                final String action = h.first("x-ms-lease-action");
                final String a = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
                return "renew".equals(a) || "change".equals(a) || "break".equals(a)
                        || "acquire".equals(a) && h.first("x-ms-proposed-lease-id") != null;
            }
            default:
                return false;
        }
    }

    private static String param(final String query, final String name) {
        final String key = "&" + name + "=";
        final int at = query.indexOf(key);
        if (at < 0) {
            return null;
        }
        final int from = at + key.length();
        return query.substring(from, query.indexOf('&', from));
    }
}

package org.vmbussim.azblob.vsp.rest;

import java.util.Map;

/** Standard reason phrases (java.net.http does not expose the upstream's). */
final class StatusReasons {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
            Map.entry(204, "No Content"), Map.entry(206, "Partial Content"), Map.entry(304, "Not Modified"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(412, "Precondition Failed"), Map.entry(413, "Payload Too Large"),
            Map.entry(416, "Range Not Satisfiable"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private StatusReasons() {
    }

    static String of(final int status) {
        return REASONS.getOrDefault(status, "");
    }
}

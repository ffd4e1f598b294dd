package org.vmbussim.azblob.vsp.store;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vmbussim.azblob.vsp.backend.BlobRequest;

/**
 * The resource a path-style request names: {@code /{account}/{container}/{blob}} with each path segment
 * percent-decoded on its own (so {@code %2F} inside a blob name becomes {@code /}), and the query
 * parameters (names lower-cased, first value kept, {@code +} read as a space).
 *
 * @param account the account
 * @param container the container, or null for a service-level request
 * @param blob the blob name, or null for a container-level request
 * @param query the decoded query parameters
 */
record ResourcePath(String account, String container, String blob, Map<String, String> query) {
    /** Azure's longest container name, in characters. */
    private static final int MAX_CONTAINER_NAME_CHARS = 63;
    /** Azure's longest blob name, in characters. */
    static final int MAX_BLOB_NAME_CHARS = 1024;

    /**
     * Splits and decodes the request target's path (by index: no regex, no array of segments) and its query.
     *
     * @param request the request
     * @return the resource
     * @throws StorageException for a malformed percent-encoding or an invalid container or blob name
     */
    static ResourcePath parse(final BlobRequest request) throws StorageException {
        return parse(request, null);
    }

    /**
     * As {@link #parse(BlobRequest)}, answering {@code knownAccount} itself as the account when the path's first
     * segment is exactly that text (the store's own account, on every request): no copy of it.
     *
     * @param request      the request
     * @param knownAccount the account name expected, or null
     * @return the resource
     * @throws StorageException for a malformed percent-encoding or an invalid container or blob name
     */
    static ResourcePath parse(final BlobRequest request, final String knownAccount) throws StorageException {
        final String target = request.target();
        final int query = target.indexOf('?');
        final int pathEnd = query < 0 ? target.length() : query;
        final int accountEnd = segmentEnd(target, 1, pathEnd);
        // Text without '%' decodes to itself, so the same characters are the same account.
        final String account = knownAccount != null && accountEnd - 1 == knownAccount.length()
                && knownAccount.indexOf('%') < 0 && target.startsWith(knownAccount, 1) ? knownAccount
                : decodeSegment(target.substring(1, accountEnd));
        String container = null;
        String blob = null;
        if (accountEnd < pathEnd) {
            final int containerEnd = segmentEnd(target, accountEnd + 1, pathEnd);
            container = decodeSegment(target.substring(accountEnd + 1, containerEnd));
            if (container.isEmpty()) {
                container = null;
            }
            if (containerEnd < pathEnd) {
                blob = decodeSegments(target, containerEnd + 1, pathEnd);
                if (blob.isEmpty()) {
                    blob = null;
                }
            }
        }
        if (container != null && !container.startsWith("$") && !isContainerName(container)) {
            throw StorageErrors.invalidResourceName();
        }
        if (blob != null && blob.length() > MAX_BLOB_NAME_CHARS) {
            throw StorageErrors.invalidResourceName();
        }
        return new ResourcePath(account, container, blob,
                parseQuery(query < 0 ? "" : target.substring(query + 1)));
    }

    /** The end of the segment starting at {@code from}: the next '/' before {@code end}, else {@code end}. */
    private static int segmentEnd(final String path, final int from, final int end) {
        final int slash = path.indexOf('/', from);
        return slash < 0 || slash > end ? end : slash;
    }

    /** The segments in [from, end), each decoded on its own (so %2F stays inside its segment), joined by '/'. */
    private static String decodeSegments(final String path, final int from, final int end) throws StorageException {
        final String raw = path.substring(from, end);
        if (raw.indexOf('%') < 0) {
            return raw; // nothing to decode: the segments joined by '/' are the raw text itself
        }
        final StringBuilder sb = new StringBuilder(raw.length());
        int at = from;
        while (true) {
            final int segmentEnd = segmentEnd(path, at, end);
            sb.append(decodeSegment(path.substring(at, segmentEnd)));
            if (segmentEnd == end) {
                return sb.toString();
            }
            sb.append('/');
            at = segmentEnd + 1;
        }
    }

    /**
     * Azure's container name rule: 3-63 of a-z, 0-9 and '-', starting and ending with a letter or digit, no
     * "--".
     */
    static boolean isContainerName(final String name) {
        final int length = name.length();
        if (length < 3 || length > MAX_CONTAINER_NAME_CHARS) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            final char c = name.charAt(i);
            final boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (c != '-' || i == 0 || i == length - 1 || name.charAt(i - 1) == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Strict percent-decoding of one path segment into UTF-8 text; '+' stays '+'. */
    static String decodeSegment(final String segment) throws StorageException {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            final char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw StorageErrors.invalidUri();
                }
                final int hi = Character.digit(segment.charAt(i + 1), 16);
                final int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw StorageErrors.invalidUri();
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                final byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (final CharacterCodingException e) {
            throw StorageErrors.invalidUri();
        }
    }

    static Map<String, String> parseQuery(final String rawQuery) throws StorageException {
        if (rawQuery.isEmpty()) {
            return Map.of();
        }
        final Map<String, String> params = new LinkedHashMap<>();
        for (final String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            final int eq = pair.indexOf('=');
            try {
                final String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                final String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            } catch (final IllegalArgumentException e) {
                throw StorageErrors.invalidUri();
            }
        }
        return params;
    }

    String param(final String name) {
        return query.get(name);
    }
}

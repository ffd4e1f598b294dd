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
import java.util.regex.Pattern;
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
    /** Azure's container name rule: 3-63 of a-z, 0-9, '-', starting and ending alphanumeric, no "--". */
    private static final Pattern CONTAINER_NAME = Pattern.compile("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$");
    /** Azure's longest blob name, in characters. */
    static final int MAX_BLOB_NAME_CHARS = 1024;

    static ResourcePath parse(final BlobRequest request) throws StorageException {
        final String rawPath = request.rawPath();
        final String[] segments = rawPath.substring(1).split("/", -1);
        final String account = decodeSegment(segments[0]);
        String container = segments.length > 1 ? decodeSegment(segments[1]) : null;
        if (container != null && container.isEmpty()) {
            container = null;
        }
        String blob = null;
        if (segments.length > 2) {
            final StringBuilder sb = new StringBuilder();
            for (int i = 2; i < segments.length; i++) {
                if (i > 2) {
                    sb.append('/');
                }
                sb.append(decodeSegment(segments[i]));
            }
            blob = sb.length() == 0 ? null : sb.toString();
        }
        if (container != null && !container.startsWith("$") && !CONTAINER_NAME.matcher(container).matches()) {
            throw StorageErrors.invalidResourceName();
        }
        if (blob != null && blob.length() > MAX_BLOB_NAME_CHARS) {
            throw StorageErrors.invalidResourceName();
        }
        return new ResourcePath(account, container, blob, parseQuery(request.rawQuery()));
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
        final Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
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

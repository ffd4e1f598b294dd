package org.vmbussim.azblob.vsp.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * HTTP conditional headers (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) evaluated
 * the way the Blob service does: ETags compared without quotes, {@code *} matching any existing
 * resource, times compared at second precision. Reads answer 304 where writes answer 412.
 */
final class Conditions {
    private final List<String> ifMatch;
    private final List<String> ifNoneMatch;
    private final Instant ifModifiedSince;
    private final Instant ifUnmodifiedSince;

    private Conditions(final HttpFields headers) {
        this.ifMatch = etags(headers.first("If-Match"));
        this.ifNoneMatch = etags(headers.first("If-None-Match"));
        this.ifModifiedSince = HttpDates.parseOrNull(headers.first("If-Modified-Since"));
        this.ifUnmodifiedSince = HttpDates.parseOrNull(headers.first("If-Unmodified-Since"));
    }

    static Conditions of(final HttpFields headers) {
        return new Conditions(headers);
    }

    private static List<String> etags(final String header) {
        if (header == null) {
            return List.of(); // the usual request carries neither header: no list for it
        }
        final List<String> list = new ArrayList<>();
        for (final String part : header.split(",")) {
            list.add(unquote(part.trim()));
        }
        return list;
    }

    static String unquote(final String etag) {
        if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    boolean ifNoneMatchStar() {
        return !ifNoneMatch.isEmpty() && "*".equals(ifNoneMatch.get(0));
    }

    private static Instant seconds(final Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Read conditions (Get Blob, Get Blob Properties).
     *
     * @param exists whether the resource exists
     * @param etag its ETag (unquoted) when it exists
     * @param lastModified its modification time when it exists
     */
    void checkRead(final boolean exists, final String etag, final Instant lastModified) throws StorageException {
        if (!exists) {
            if (!ifMatch.isEmpty()) {
                throw StorageErrors.conditionNotMet();
            }
            if (ifNoneMatchStar()) {
                throw StorageErrors.unsatisfiableCondition();
            }
            return;
        }
        if (ifNoneMatchStar()) {
            throw StorageErrors.unsatisfiableCondition();
        }
        final Instant modified = seconds(lastModified);
        if (!ifMatch.isEmpty() && !ifMatch.contains(etag) && !"*".equals(ifMatch.get(0))) {
            throw StorageErrors.conditionNotMet();
        }
        if (ifUnmodifiedSince != null && modified.isAfter(seconds(ifUnmodifiedSince))) {
            throw StorageErrors.conditionNotMet();
        }
        final Boolean noneMatchPass = ifNoneMatch.isEmpty() ? null : !ifNoneMatch.contains(etag);
        final Boolean modifiedPass = ifModifiedSince == null ? null : seconds(ifModifiedSince).isBefore(modified);
        if (Boolean.FALSE.equals(noneMatchPass) && !Boolean.TRUE.equals(modifiedPass)) {
            throw StorageErrors.notModified();
        }
        if (Boolean.FALSE.equals(modifiedPass) && !Boolean.TRUE.equals(noneMatchPass)) {
            throw StorageErrors.notModified();
        }
    }

    /**
     * Write conditions (Put Blob, Put Block List, Set Metadata/Properties, Delete).
     *
     * @param exists whether the resource exists
     * @param etag its ETag (unquoted) when it exists
     * @param lastModified its modification time when it exists
     */
    void checkWrite(final boolean exists, final String etag, final Instant lastModified) throws StorageException {
        if (!exists) {
            if (ifNoneMatch.isEmpty() && !ifMatch.isEmpty()) {
                throw StorageErrors.conditionNotMet();
            }
            return;
        }
        if (!ifNoneMatch.isEmpty()) {
            if (!"*".equals(ifNoneMatch.get(0)) && ifNoneMatch.contains(etag)) {
                throw StorageErrors.conditionNotMet();
            }
            return;
        }
        if (!ifMatch.isEmpty()) {
            if (!"*".equals(ifMatch.get(0)) && !ifMatch.contains(etag)) {
                throw StorageErrors.conditionNotMet();
            }
            return;
        }
        final Instant modified = seconds(lastModified);
        if (ifModifiedSince != null) {
            if (!modified.isAfter(seconds(ifModifiedSince))) {
                throw StorageErrors.conditionNotMet();
            }
            return;
        }
        if (ifUnmodifiedSince != null && seconds(ifUnmodifiedSince).isBefore(modified)) {
            throw StorageErrors.conditionNotMet();
        }
    }
}

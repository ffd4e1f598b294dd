package org.vmbussim.azblob.vsp.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The List Blobs answer: walks a container's blobs in name order after the marker, keeps those under
 * the prefix, folds names that contain the delimiter after the prefix into one {@code BlobPrefix}
 * each, stops after {@code maxResults} items and writes the {@code EnumerationResults} XML. The next
 * marker is the last blob name consumed (a folded prefix consumes every name under it), empty when
 * nothing is left.
 */
final class ListBlobsXml {
    private ListBlobsXml() {
    }

    record Query(String prefix, String delimiter, String marker, int maxResults, boolean includeMetadata) {
    }

    static String render(final Iterable<BlobRecord> blobsAfterMarker, final Query q, final String serviceEndpoint,
                         final String container, final Instant now) {
        final String prefix = q.prefix() == null ? "" : q.prefix();
        final String delimiter = q.delimiter() == null || q.delimiter().isEmpty() ? null : q.delimiter();
        final List<String> prefixes = new ArrayList<>();
        final List<BlobRecord> blobs = new ArrayList<>();
        String lastConsumed = null;
        String openPrefix = null;
        boolean more = false;
        for (final BlobRecord b : blobsAfterMarker) {
            final String name = b.name();
            if (!name.startsWith(prefix)) {
                if (name.compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (openPrefix != null && name.startsWith(openPrefix)) {
                lastConsumed = name;
                continue;
            }
            if (prefixes.size() + blobs.size() >= q.maxResults()) {
                more = true;
                break;
            }
            final int cut = delimiter == null ? -1 : name.indexOf(delimiter, prefix.length());
            if (cut >= 0) {
                openPrefix = name.substring(0, cut + delimiter.length());
                prefixes.add(openPrefix);
            } else {
                openPrefix = null;
                blobs.add(b);
            }
            lastConsumed = name;
        }
        final StringBuilder sb = new StringBuilder(512 + 700 * blobs.size());
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>");
        sb.append("<EnumerationResults ServiceEndpoint=\"");
        XmlText.append(sb, serviceEndpoint).append("\" ContainerName=\"");
        XmlText.append(sb, container).append("\">");
        XmlText.element(sb, "Prefix", q.prefix());
        XmlText.element(sb, "Marker", q.marker());
        sb.append("<MaxResults>").append(q.maxResults()).append("</MaxResults>");
        if (delimiter != null) {
            XmlText.element(sb, "Delimiter", delimiter);
        }
        sb.append("<Blobs>");
        for (final String p : prefixes) {
            sb.append("<BlobPrefix>");
            XmlText.element(sb, "Name", p).append("</BlobPrefix>");
        }
        for (final BlobRecord b : blobs) {
            blob(sb, b, q.includeMetadata(), b.lease().at(now));
        }
        sb.append("</Blobs>");
        XmlText.element(sb, "NextMarker", more ? lastConsumed : null);
        sb.append("</EnumerationResults>");
        return sb.toString();
    }

    private static void blob(final StringBuilder sb, final BlobRecord b, final boolean includeMetadata,
                             final BlobLease lease) {
        final BlobProperties p = b.properties();
        final String created = HttpDates.format(b.created());
        sb.append("<Blob>");
        XmlText.element(sb, "Name", b.name());
        sb.append("<Properties>");
        XmlText.element(sb, "Creation-Time", created);
        XmlText.element(sb, "Last-Modified", HttpDates.format(b.lastModified()));
        XmlText.element(sb, "Etag", b.etag());
        sb.append("<Content-Length>").append(b.size()).append("</Content-Length>");
        optional(sb, "Content-Type", p.contentType());
        optional(sb, "Content-Encoding", p.contentEncoding());
        optional(sb, "Content-Language", p.contentLanguage());
        optional(sb, "Content-MD5", p.contentMd5());
        optional(sb, "Content-Disposition", p.contentDisposition());
        optional(sb, "Cache-Control", p.cacheControl());
        sb.append("<BlobType>BlockBlob</BlobType><LeaseStatus>").append(lease.locked() ? "locked" : "unlocked")
                .append("</LeaseStatus><LeaseState>").append(lease.state().headerValue()).append("</LeaseState>");
        if (lease.state() == LeaseState.LEASED) {
            sb.append("<LeaseDuration>").append(lease.durationSeconds() == BlobLease.INFINITE ? "infinite" : "fixed")
                    .append("</LeaseDuration>");
        }
        sb.append("<ServerEncrypted>true</ServerEncrypted>"
                + "<AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>");
        XmlText.element(sb, "AccessTierChangeTime", created);
        sb.append("</Properties>");
        if (includeMetadata && !b.metadata().isEmpty()) {
            sb.append("<Metadata>");
            for (final Map.Entry<String, String> e : b.metadata().entrySet()) {
                sb.append('<').append(e.getKey()).append('>');
                XmlText.append(sb, e.getValue()).append("</").append(e.getKey()).append('>');
            }
            sb.append("</Metadata>");
        }
        sb.append("</Blob>");
    }

    private static void optional(final StringBuilder sb, final String name, final String value) {
        if (value != null && !value.isEmpty()) {
            XmlText.element(sb, name, value);
        }
    }
}

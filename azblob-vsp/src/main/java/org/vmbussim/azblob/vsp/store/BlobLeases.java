package org.vmbussim.azblob.vsp.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.vmbussim.azblob.protocol.HttpFields;

/**
 * The Blob service's lease rules, for blobs and containers alike: the Lease Blob and Lease Container
 * operations ({@code PUT ?comp=lease} with
 * {@code x-ms-lease-action} acquire, renew, change, release or break) as a state machine over
 * {@link BlobLease}, and the lease conditions of ordinary reads and writes. Outcomes follow the table
 * of the Lease Blob REST reference (cross-checked against Azurite 3.37): e.g. acquiring a leased blob
 * is 409 LeaseAlreadyPresent unless the proposed id is the current one (which restarts it with the new
 * duration), renewing a broken lease is 409 LeaseIsBrokenAndCannotBeRenewed, a break period can shorten
 * a running break but never lengthen it. Where Azurite differs from the reference, the reference wins:
 * renewing an expired lease needs its id.
 *
 * <p>Pure functions of (stored lease, request headers, now): the engine calls them under the blob's
 * lock and persists the result; nothing here keeps state or timers.
 */
final class BlobLeases {
    static final String LEASE_ID = "x-ms-lease-id";
    private static final Pattern GUID = Pattern.compile(
            "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$");
    private static final long MAX_BREAK_PERIOD_SECONDS = 60;

    private BlobLeases() {
    }

    /**
     * What a Lease Blob request did.
     *
     * @param lease the lease to store
     * @param status 201 (acquire), 202 (break) or 200
     * @param reason the reason phrase
     * @param leaseIdHeader the x-ms-lease-id to answer with, or null (release, break)
     * @param leaseTimeSeconds the x-ms-lease-time to answer with (break only), or -1
     */
    record Outcome(BlobLease lease, int status, String reason, String leaseIdHeader, long leaseTimeSeconds) {
    }

    /**
     * Executes one Lease Blob request against the blob's stored lease.
     *
     * @param h the request headers
     * @param stored the stored lease
     * @param now the store's time
     * @return the new lease and the response's particulars
     * @throws StorageException the Blob service error the request gets
     */
    static Outcome execute(final HttpFields h, final BlobLease stored, final Instant now) throws StorageException {
        final String action = h.first("x-ms-lease-action");
        if (action == null) {
            throw StorageErrors.missingRequiredHeader("x-ms-lease-action");
        }
        final BlobLease lease = stored.at(now);
        switch (action.trim().toLowerCase(Locale.ROOT)) {
            case "acquire": {
                final BlobLease next = acquire(lease, duration(h), optionalGuid(h, "x-ms-proposed-lease-id"), now);
                return new Outcome(next, 201, "Created", next.leaseId(), -1);
            }
            case "renew": {
                final BlobLease next = renew(lease, required(h, LEASE_ID), now);
                return new Outcome(next, 200, "OK", next.leaseId(), -1);
            }
            case "change": {
                final String id = required(h, LEASE_ID);
                final String proposed = optionalGuid(h, "x-ms-proposed-lease-id");
                if (proposed == null) {
                    throw StorageErrors.missingRequiredHeader("x-ms-proposed-lease-id");
                }
                final BlobLease next = change(lease, id, proposed);
                return new Outcome(next, 200, "OK", next.leaseId(), -1);
            }
            case "release":
                return new Outcome(release(lease, required(h, LEASE_ID)), 200, "OK", null, -1);
            case "break": {
                final BlobLease next = breakLease(lease, breakPeriod(h), now);
                final long remaining = next.state() == LeaseState.BREAKING
                        ? Duration.between(now, next.breaks()).plusMillis(999).getSeconds() : 0;
                return new Outcome(next, 202, "Accepted", null, remaining);
            }
            default:
                throw StorageErrors.invalidHeaderValue("x-ms-lease-action", action);
        }
    }

    static BlobLease acquire(final BlobLease lease, final long durationSeconds, final String proposedId,
                             final Instant now) throws StorageException {
        switch (lease.state()) {
            case LEASED:
                if (proposedId == null || !lease.isId(proposedId)) {
                    throw StorageErrors.leaseAlreadyPresent();
                }
                break;
            case BREAKING:
                throw lease.isId(proposedId) ? StorageErrors.leaseIsBreakingAndCannotBeAcquired()
                        : StorageErrors.leaseAlreadyPresent();
            default:
                break;
        }
        final String id = proposedId != null ? proposedId : newLeaseId();
        return durationSeconds == BlobLease.INFINITE
                ? new BlobLease(LeaseState.LEASED, id, BlobLease.INFINITE, null, null)
                : new BlobLease(LeaseState.LEASED, id, durationSeconds, now.plusSeconds(durationSeconds), null);
    }

    static BlobLease renew(final BlobLease lease, final String id, final Instant now) throws StorageException {
        if (!lease.isId(id)) {
            throw StorageErrors.leaseIdMismatchWithLeaseOperation();
        }
        return switch (lease.state()) {
            case LEASED, EXPIRED -> lease.durationSeconds() == BlobLease.INFINITE ? lease
                    : new BlobLease(LeaseState.LEASED, lease.leaseId(), lease.durationSeconds(),
                            now.plusSeconds(lease.durationSeconds()), null);
            case BREAKING, BROKEN -> throw StorageErrors.leaseIsBrokenAndCannotBeRenewed();
            case AVAILABLE -> throw StorageErrors.leaseIdMismatchWithLeaseOperation();
        };
    }

    static BlobLease change(final BlobLease lease, final String id, final String proposedId)
            throws StorageException {
        final boolean named = lease.isId(id) || lease.isId(proposedId);
        return switch (lease.state()) {
            case LEASED -> {
                if (!named) {
                    throw StorageErrors.leaseIdMismatchWithLeaseOperation();
                }
                yield new BlobLease(LeaseState.LEASED, proposedId, lease.durationSeconds(), lease.expires(), null);
            }
            case BREAKING -> throw named ? StorageErrors.leaseIsBreakingAndCannotBeChanged()
                    : StorageErrors.leaseIdMismatchWithLeaseOperation();
            default -> throw StorageErrors.leaseNotPresentWithLeaseOperation();
        };
    }

    static BlobLease release(final BlobLease lease, final String id) throws StorageException {
        if (lease.state() == LeaseState.AVAILABLE || !lease.isId(id)) {
            throw StorageErrors.leaseIdMismatchWithLeaseOperation();
        }
        return BlobLease.NONE;
    }

    /**
     * Breaks a lease.
     *
     * @param lease the lease as seen now
     * @param breakPeriodSeconds 0..60, or -1 when the request named none
     * @param now the store's time
     * @return the broken or breaking lease
     */
    static BlobLease breakLease(final BlobLease lease, final long breakPeriodSeconds, final Instant now)
            throws StorageException {
        final BlobLease broken = lease.state() == LeaseState.AVAILABLE ? null
                : new BlobLease(LeaseState.BROKEN, lease.leaseId(), 0, null, null);
        switch (lease.state()) {
            case AVAILABLE:
                throw StorageErrors.leaseNotPresentWithLeaseOperation();
            case LEASED: {
                if (breakPeriodSeconds == 0
                        || breakPeriodSeconds < 0 && lease.durationSeconds() == BlobLease.INFINITE) {
                    return broken;
                }
                // No period: a fixed lease breaks when it would have expired; a period never lengthens it.
                Instant at = breakPeriodSeconds < 0 ? lease.expires() : now.plusSeconds(breakPeriodSeconds);
                if (lease.expires() != null && lease.expires().isBefore(at)) {
                    at = lease.expires();
                }
                return new BlobLease(LeaseState.BREAKING, lease.leaseId(), 0, null, at);
            }
            case BREAKING: {
                if (breakPeriodSeconds < 0) {
                    return lease;
                }
                if (breakPeriodSeconds == 0) {
                    return broken;
                }
                final Instant at = now.plusSeconds(breakPeriodSeconds);
                return at.isBefore(lease.breaks()) ? new BlobLease(LeaseState.BREAKING, lease.leaseId(), 0, null, at)
                        : lease;
            }
            default:
                return broken;
        }
    }

    /** What a lease belongs to: the errors of its conditions differ. */
    enum Holder {
        /** A blob's lease. */
        BLOB,
        /** A container's lease. */
        CONTAINER;

        StorageException missing() {
            return this == BLOB ? StorageErrors.leaseIdMissing() : StorageErrors.containerLeaseIdMissing();
        }

        StorageException mismatch() {
            return this == BLOB ? StorageErrors.leaseIdMismatchWithBlobOperation()
                    : StorageErrors.leaseIdMismatchWithContainerOperation();
        }

        StorageException notPresent() {
            return this == BLOB ? StorageErrors.leaseNotPresentWithBlobOperation()
                    : StorageErrors.leaseNotPresentWithContainerOperation();
        }
    }

    /**
     * The lease condition of a write to a blob (Put Blob, Put Block, Put Block List, Set Metadata, Set
     * Properties, Delete) or of Delete Container: a locked holder needs its lease id; a lease id sent to an
     * unlocked one fails too.
     *
     * @param holder blob or container
     * @param lease the lease as seen now
     * @param h the request headers
     */
    static void checkWrite(final Holder holder, final BlobLease lease, final HttpFields h) throws StorageException {
        final String id = leaseIdOf(h);
        if (lease.locked()) {
            if (id == null) {
                throw holder.missing();
            }
            if (!lease.isId(id)) {
                throw holder.mismatch();
            }
        } else if (id != null) {
            throw holder.notPresent();
        }
    }

    /**
     * The lease condition of a read (and of Set Container Metadata): only checked when the request names a
     * lease id.
     *
     * @param holder blob or container
     * @param lease the lease as seen now
     * @param h the request headers
     */
    static void checkRead(final Holder holder, final BlobLease lease, final HttpFields h) throws StorageException {
        final String id = leaseIdOf(h);
        if (id == null) {
            return;
        }
        if (!lease.locked()) {
            throw holder.notPresent();
        }
        if (!lease.isId(id)) {
            throw holder.mismatch();
        }
    }

    /**
     * The lease a blob keeps after a successful write: an active or breaking lease stays; an expired or
     * broken one is gone (the blob was modified, so it can no longer be renewed).
     *
     * @param lease the lease as seen now
     * @return the lease to store with the written blob
     */
    static BlobLease afterWrite(final BlobLease lease) {
        return lease.state() == LeaseState.EXPIRED || lease.state() == LeaseState.BROKEN ? BlobLease.NONE : lease;
    }

    /**
     * The lease headers of Get Blob, Get Blob Properties and Get Container Properties.
     *
     * @param h the response headers
     * @param lease the lease as seen now
     */
    static void addHeaders(final HttpFields.Builder h, final BlobLease lease) {
        h.add("x-ms-lease-state", lease.state().headerValue())
                .add("x-ms-lease-status", lease.locked() ? "locked" : "unlocked");
        if (lease.state() == LeaseState.LEASED) {
            h.add("x-ms-lease-duration", lease.durationSeconds() == BlobLease.INFINITE ? "infinite" : "fixed");
        }
    }

    private static String leaseIdOf(final HttpFields h) {
        final String id = h.first(LEASE_ID);
        return id == null || id.isBlank() ? null : id.trim();
    }

    private static String required(final HttpFields h, final String name) throws StorageException {
        final String v = h.first(name);
        if (v == null || v.isBlank()) {
            throw StorageErrors.missingRequiredHeader(name);
        }
        return v.trim();
    }

    private static String optionalGuid(final HttpFields h, final String name) throws StorageException {
        final String v = h.first(name);
        if (v == null) {
            return null;
        }
        if (!GUID.matcher(v.trim()).matches()) {
            throw StorageErrors.invalidHeaderValue(name, v);
        }
        return v.trim();
    }

    private static long duration(final HttpFields h) throws StorageException {
        final String v = h.first("x-ms-lease-duration");
        if (v == null) {
            throw StorageErrors.missingRequiredHeader("x-ms-lease-duration");
        }
        final long d = parseLong(v, "x-ms-lease-duration");
        if (d != BlobLease.INFINITE && (d < BlobLease.MIN_DURATION_SECONDS || d > BlobLease.MAX_DURATION_SECONDS)) {
            throw StorageErrors.invalidHeaderValue("x-ms-lease-duration", v);
        }
        return d;
    }

    private static long breakPeriod(final HttpFields h) throws StorageException {
        final String v = h.first("x-ms-lease-break-period");
        if (v == null) {
            return -1;
        }
        final long p = parseLong(v, "x-ms-lease-break-period");
        if (p < 0 || p > MAX_BREAK_PERIOD_SECONDS) {
            throw StorageErrors.invalidHeaderValue("x-ms-lease-break-period", v);
        }
        return p;
    }

    private static long parseLong(final String v, final String name) throws StorageException {
        try {
            return Long.parseLong(v.trim());
        } catch (final NumberFormatException e) {
            throw StorageErrors.invalidHeaderValue(name, v);
        }
    }

    /** A random (version 4) GUID string; java.util.UUID is not used in this code base. */
    private static String newLeaseId() {
        final ThreadLocalRandom r = ThreadLocalRandom.current();
        final String hex = String.format(Locale.ROOT, "%016x%016x", r.nextLong(), r.nextLong());
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-"
                + "89ab".charAt(r.nextInt(4)) + hex.substring(17, 20) + "-" + hex.substring(20);
    }
}

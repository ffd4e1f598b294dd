package org.vmbussim.azblob.vsp.store;

import java.time.Clock;
import java.time.Duration;
import org.vmbussim.azblob.vsp.backend.SharedKeyCredential;

/**
 * Settings of a {@link StorageEngine}.
 *
 * @param account the account the store serves (the first path segment)
 * @param credential the SharedKey credential requests must be signed with; null turns verification off
 * @param clock the clock for Last-Modified and block expiry
 * @param uncommittedBlockTtl how long an uncommitted block lives (Azure: 7 days)
 * @param maxBlobBytes the largest blob (Put Blob body or committed block list) accepted
 * @param maxBlockBytes the largest Put Block body accepted
 */
public record StorageOptions(String account, SharedKeyCredential credential, Clock clock,
                             Duration uncommittedBlockTtl, long maxBlobBytes, long maxBlockBytes) {
    /** Default largest blob: 256 MiB (the Azure SDK's single-upload limit). */
    public static final long DEFAULT_MAX_BLOB_BYTES = 256L << 20;
    /** Default largest block: 100 MiB. */
    public static final long DEFAULT_MAX_BLOCK_BYTES = 100L << 20;
    /** Azure's lifetime of an uncommitted block. */
    public static final Duration DEFAULT_UNCOMMITTED_BLOCK_TTL = Duration.ofDays(7);

    /**
     * Validates the settings.
     *
     * @param account the account
     * @param credential the credential or null
     * @param clock the clock
     * @param uncommittedBlockTtl block lifetime
     * @param maxBlobBytes largest blob
     * @param maxBlockBytes largest block
     */
    public StorageOptions {
        if (account == null || account.isEmpty()) {
            throw new IllegalArgumentException("account must not be empty");
        }
        if (credential != null && !credential.account().equals(account)) {
            throw new IllegalArgumentException("credential is for " + credential.account() + ", not " + account);
        }
        if (clock == null || uncommittedBlockTtl == null || uncommittedBlockTtl.isNegative()) {
            throw new IllegalArgumentException("clock and a non-negative block TTL are required");
        }
        if (maxBlobBytes <= 0 || maxBlobBytes > Integer.MAX_VALUE - 8 || maxBlockBytes <= 0) {
            throw new IllegalArgumentException("maxBlobBytes must be in 1..2^31-9 and maxBlockBytes positive");
        }
    }

    /**
     * The defaults: account devstoreaccount1, SharedKey verification on, the system UTC clock,
     * 7-day block expiry, 256 MiB blobs, 100 MiB blocks.
     *
     * @return the default options
     */
    public static StorageOptions defaults() {
        return new StorageOptions(SharedKeyCredential.DEV_ACCOUNT, SharedKeyCredential.devStoreAccount(),
                Clock.systemUTC(), DEFAULT_UNCOMMITTED_BLOCK_TTL, DEFAULT_MAX_BLOB_BYTES, DEFAULT_MAX_BLOCK_BYTES);
    }

    /**
     * The same options with SharedKey verification turned off.
     *
     * @return the options
     */
    public StorageOptions withoutAuthentication() {
        return new StorageOptions(account, null, clock, uncommittedBlockTtl, maxBlobBytes, maxBlockBytes);
    }

    /**
     * The same options with another clock.
     *
     * @param newClock the clock
     * @return the options
     */
    public StorageOptions withClock(final Clock newClock) {
        return new StorageOptions(account, credential, newClock, uncommittedBlockTtl, maxBlobBytes, maxBlockBytes);
    }

    /**
     * The same options with other size limits.
     *
     * @param newMaxBlobBytes largest blob
     * @param newMaxBlockBytes largest block
     * @return the options
     */
    public StorageOptions withLimits(final long newMaxBlobBytes, final long newMaxBlockBytes) {
        return new StorageOptions(account, credential, clock, uncommittedBlockTtl, newMaxBlobBytes, newMaxBlockBytes);
    }

    /**
     * The same options with another uncommitted-block lifetime.
     *
     * @param ttl the lifetime
     * @return the options
     */
    public StorageOptions withUncommittedBlockTtl(final Duration ttl) {
        return new StorageOptions(account, credential, clock, ttl, maxBlobBytes, maxBlockBytes);
    }
}

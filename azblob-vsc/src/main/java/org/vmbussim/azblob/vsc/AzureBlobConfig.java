package org.vmbussim.azblob.vsc;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.Optional;
import javax.management.MBeanServer;

/**
 * Settings of the Azure Blob driver, one object per driver instance (no globals). The seed driver had
 * none of these: it waited without bound for the host and for removal. Every wait here has a bound.
 *
 * <ul>
 * <li>{@link #zeroTimeoutMillis()}: the local deadline used when user space passes {@code timeout = 0}.
 *     The 0 itself is still sent to the host unchanged (the seed passes the field through).</li>
 * <li>{@link #graceMillis()}: added to every request's timeout before the driver gives up locally, so a
 *     host that honours {@code timeout_ms} normally answers (with its own status) before the guest's
 *     deadline. A request the host has not completed by then fails with {@code ETIMEDOUT} and is
 *     orphaned: its pages and requestor id stay held until the host completes it or the channel goes.</li>
 * <li>{@link #releaseWaitMillis()}: how long closing a file waits for that file's own requests.</li>
 * <li>{@link #removeDrainMillis()}: how long device removal waits for in-flight requests before failing
 *     them with {@code ENODEV} and closing the channel.</li>
 * <li>{@link #maxPinnedPages()}: the most pages the driver keeps pinned for requests at once, over all
 *     its devices, files and processes (a global pin budget, as {@code RLIMIT_MEMLOCK}); a request that
 *     would pass it fails with {@code ENOMEM} before anything is pinned.</li>
 * <li>{@link #nodeBaseName()}: the device node's base name ({@code azure_blob}, then {@code azure_blob1}...).</li>
 * <li>{@link #mbeanServer()} and {@link #jmxDomain()}: where each device's MXBean is registered; empty
 *     for no JMX.</li>
 * </ul>
 */
public final class AzureBlobConfig {
    /** Default for {@link #zeroTimeoutMillis()}: 30 s. */
    public static final long DEFAULT_ZERO_TIMEOUT_MILLIS = 30_000;
    /** Default for {@link #graceMillis()}: 5 s. */
    public static final long DEFAULT_GRACE_MILLIS = 5_000;
    /** Default for {@link #releaseWaitMillis()}: 10 s. */
    public static final long DEFAULT_RELEASE_WAIT_MILLIS = 10_000;
    /** Default for {@link #removeDrainMillis()}: 10 s. */
    public static final long DEFAULT_REMOVE_DRAIN_MILLIS = 10_000;
    /**
     * Default for {@link #maxPinnedPages()}: 65 536 pages (256 MiB), eight requests of the largest size
     * ({@code AZ_BLOB_MAX_PAGES}) at once, a bound the seed lacked (1 024 such requests could pin 32 GiB).
     */
    public static final long DEFAULT_MAX_PINNED_PAGES = 65_536;
    /** The seed's misc device name. */
    public static final String DEFAULT_NODE_BASE_NAME = "azure_blob";
    /** Default JMX domain of the device MXBeans. */
    public static final String DEFAULT_JMX_DOMAIN = "org.vmbussim.azblob";

    private final long zeroTimeoutMillis;
    private final long graceMillis;
    private final long releaseWaitMillis;
    private final long removeDrainMillis;
    private final long maxPinnedPages;
    private final String nodeBaseName;
    private final MBeanServer mbeanServer;
    private final String jmxDomain;

    private AzureBlobConfig(final Builder b) {
        this.zeroTimeoutMillis = b.zeroTimeoutMillis;
        this.graceMillis = b.graceMillis;
        this.releaseWaitMillis = b.releaseWaitMillis;
        this.removeDrainMillis = b.removeDrainMillis;
        this.maxPinnedPages = b.maxPinnedPages;
        this.nodeBaseName = b.nodeBaseName;
        this.mbeanServer = b.jmxEnabled ? (b.mbeanServer != null ? b.mbeanServer
                : ManagementFactory.getPlatformMBeanServer()) : null;
        this.jmxDomain = b.jmxDomain;
    }

    /**
     * The defaults: the constants above, MXBeans in the platform MBean server.
     *
     * @return the configuration
     */
    public static AzureBlobConfig defaults() {
        return builder().build();
    }

    /**
     * Starts a configuration from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The local deadline for a request whose user {@code timeout} is 0.
     *
     * @return milliseconds, at least 1
     */
    public long zeroTimeoutMillis() {
        return zeroTimeoutMillis;
    }

    /**
     * Added to every request's timeout before the guest gives up on the host.
     *
     * @return milliseconds, not negative
     */
    public long graceMillis() {
        return graceMillis;
    }

    /**
     * How long closing a file waits for that file's own pending requests.
     *
     * @return milliseconds, not negative
     */
    public long releaseWaitMillis() {
        return releaseWaitMillis;
    }

    /**
     * How long removal waits for in-flight requests before failing them.
     *
     * @return milliseconds, not negative
     */
    public long removeDrainMillis() {
        return removeDrainMillis;
    }

    /**
     * The driver-wide pin budget.
     *
     * @return pages, at least 1
     */
    public long maxPinnedPages() {
        return maxPinnedPages;
    }

    /**
     * The device node's base name.
     *
     * @return e.g. {@code azure_blob}
     */
    public String nodeBaseName() {
        return nodeBaseName;
    }

    /**
     * The MBean server for the per-device MXBeans.
     *
     * @return the server, or empty when JMX is off
     */
    public Optional<MBeanServer> mbeanServer() {
        return Optional.ofNullable(mbeanServer);
    }

    /**
     * The JMX domain of the device MXBeans.
     *
     * @return e.g. {@code org.vmbussim.azblob}
     */
    public String jmxDomain() {
        return jmxDomain;
    }

    @Override
    public String toString() {
        return "AzureBlobConfig[zeroTimeoutMillis=" + zeroTimeoutMillis + " graceMillis=" + graceMillis
                + " releaseWaitMillis=" + releaseWaitMillis + " removeDrainMillis=" + removeDrainMillis
                + " maxPinnedPages=" + maxPinnedPages
                + " nodeBaseName=" + nodeBaseName + " jmx=" + (mbeanServer == null ? "off" : jmxDomain) + "]";
    }

    /** Builds an {@link AzureBlobConfig}; every setting starts at its default. */
    public static final class Builder {
        private long zeroTimeoutMillis = DEFAULT_ZERO_TIMEOUT_MILLIS;
        private long graceMillis = DEFAULT_GRACE_MILLIS;
        private long releaseWaitMillis = DEFAULT_RELEASE_WAIT_MILLIS;
        private long removeDrainMillis = DEFAULT_REMOVE_DRAIN_MILLIS;
        private long maxPinnedPages = DEFAULT_MAX_PINNED_PAGES;
        private String nodeBaseName = DEFAULT_NODE_BASE_NAME;
        private boolean jmxEnabled = true;
        private MBeanServer mbeanServer;
        private String jmxDomain = DEFAULT_JMX_DOMAIN;

        private Builder() {
        }

        /**
         * The local deadline for {@code timeout = 0}.
         *
         * @param millis at least 1
         * @return this
         */
        public Builder zeroTimeoutMillis(final long millis) {
            this.zeroTimeoutMillis = check("zeroTimeoutMillis", millis, 1);
            return this;
        }

        /**
         * The grace added to every request's timeout.
         *
         * @param millis not negative
         * @return this
         */
        public Builder graceMillis(final long millis) {
            this.graceMillis = check("graceMillis", millis, 0);
            return this;
        }

        /**
         * The bound on a file release's wait.
         *
         * @param millis not negative
         * @return this
         */
        public Builder releaseWaitMillis(final long millis) {
            this.releaseWaitMillis = check("releaseWaitMillis", millis, 0);
            return this;
        }

        /**
         * The bound on removal's drain.
         *
         * @param millis not negative
         * @return this
         */
        public Builder removeDrainMillis(final long millis) {
            this.removeDrainMillis = check("removeDrainMillis", millis, 0);
            return this;
        }

        /**
         * The driver-wide pin budget.
         *
         * @param pages at least 1
         * @return this
         */
        public Builder maxPinnedPages(final long pages) {
            this.maxPinnedPages = check("maxPinnedPages", pages, 1);
            return this;
        }

        /**
         * The device node's base name.
         *
         * @param name a file name without {@code /}
         * @return this
         */
        public Builder nodeBaseName(final String name) {
            if (Objects.requireNonNull(name, "name").isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("nodeBaseName=\"" + name + "\" (expected: a non-empty file name)");
            }
            this.nodeBaseName = name;
            return this;
        }

        /**
         * Registers the MXBeans in this server instead of the platform one.
         *
         * @param server the server
         * @return this
         */
        public Builder mbeanServer(final MBeanServer server) {
            this.mbeanServer = Objects.requireNonNull(server, "server");
            this.jmxEnabled = true;
            return this;
        }

        /**
         * Turns the per-device MXBeans off.
         *
         * @return this
         */
        public Builder withoutJmx() {
            this.jmxEnabled = false;
            this.mbeanServer = null;
            return this;
        }

        /**
         * The JMX domain.
         *
         * @param domain a non-empty domain without {@code :}
         * @return this
         */
        public Builder jmxDomain(final String domain) {
            if (Objects.requireNonNull(domain, "domain").isEmpty() || domain.contains(":")) {
                throw new IllegalArgumentException("jmxDomain=\"" + domain + "\" (expected: non-empty, no ':')");
            }
            this.jmxDomain = domain;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public AzureBlobConfig build() {
            return new AzureBlobConfig(this);
        }

        private static long check(final String name, final long value, final long min) {
            if (value < min) {
                throw new IllegalArgumentException(name + "=" + value + " (expected: >= " + min + ")");
            }
            return value;
        }
    }
}

package org.vmbussim.mgmt.guest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.vmbussim.mgmt.bus.BusConfig;
import org.vmbussim.mgmt.device.IsolationPolicy;
import org.vmbussim.mgmt.device.VpciIgnoreList;
import org.vmbussim.mgmt.message.VmbusProtocol;
import org.vmbussim.mgmt.message.VmbusVersion;

/**
 * How a simulated Linux guest behaves. Build with {@link #builder()}; every field has Linux's default.
 *
 * @param versions              versions to propose, newest first
 * @param isolated              whether the guest is an isolated (confidential) VM
 * @param isolationPolicy       which kernel's isolation rules apply
 * @param vpciIgnore            PCIe instances to ignore
 * @param replyTimeoutNanos     how long to wait for each host reply (version, GPADL, open, teardown)
 * @param unloadTimeoutNanos    how long to wait for UNLOAD_RESPONSE
 * @param offerWaitTimeoutNanos how long a rescind waits for offers in progress before it goes on anyway
 * @param maxRelids             relids at or above this are refused ({@code MAX_CHANNEL_RELIDS})
 * @param targetVcpu            the VP that receives channel messages
 * @param bus                   the bus's bounds on drivers
 * @param seedVpciDefect        reproduce the seed v4 defect: an ignored VPCI offer neither releases its relid
 *                              nor leaves the offers-in-progress count; for demonstrating the bug only
 */
public record GuestConfig(List<VmbusVersion> versions, boolean isolated, IsolationPolicy isolationPolicy,
        VpciIgnoreList vpciIgnore, long replyTimeoutNanos, long unloadTimeoutNanos, long offerWaitTimeoutNanos,
        int maxRelids, int targetVcpu, BusConfig bus, boolean seedVpciDefect) {

    /**
     * Validates.
     *
     * @param versions              versions
     * @param isolated              isolation
     * @param isolationPolicy       rules
     * @param vpciIgnore            ignore list
     * @param replyTimeoutNanos     reply bound
     * @param unloadTimeoutNanos    unload bound
     * @param offerWaitTimeoutNanos rescind's wait bound
     * @param maxRelids             relid limit
     * @param targetVcpu            message VP
     * @param bus                   bus bounds
     * @param seedVpciDefect        seed bug switch
     */
    public GuestConfig {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions is empty");
        }
        Objects.requireNonNull(isolationPolicy, "isolationPolicy");
        Objects.requireNonNull(vpciIgnore, "vpciIgnore");
        Objects.requireNonNull(bus, "bus");
        if (replyTimeoutNanos <= 0 || unloadTimeoutNanos <= 0 || offerWaitTimeoutNanos <= 0) {
            throw new IllegalArgumentException("timeouts must be > 0");
        }
        if (maxRelids < 2 || maxRelids > VmbusProtocol.MAX_CHANNEL_RELIDS) {
            throw new IllegalArgumentException("maxRelids=" + maxRelids + " (expected: 2 to "
                    + VmbusProtocol.MAX_CHANNEL_RELIDS + ")");
        }
    }

    /**
     * A builder with Linux's defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The versions actually proposed: for an isolated guest only 5.2 and newer (Linux refuses older hosts).
     *
     * @return newest first
     */
    public List<VmbusVersion> proposedVersions() {
        if (!isolated) {
            return versions;
        }
        return versions.stream().filter(v -> v.atLeast(VmbusVersion.WIN10_V5_2)).toList();
    }

    /** Builds a {@link GuestConfig}. */
    public static final class Builder {
        private List<VmbusVersion> versions = VmbusVersion.newestFirst(VmbusVersion.COPPER, VmbusVersion.WIN8);
        private boolean isolated;
        private IsolationPolicy isolationPolicy = IsolationPolicy.LINUX_6_X;
        private VpciIgnoreList vpciIgnore = VpciIgnoreList.defaults();
        private long replyTimeoutNanos = Duration.ofSeconds(5).toNanos();
        private long unloadTimeoutNanos = Duration.ofSeconds(10).toNanos();
        private long offerWaitTimeoutNanos = Duration.ofSeconds(10).toNanos();
        private int maxRelids = VmbusProtocol.MAX_CHANNEL_RELIDS;
        private int targetVcpu = VmbusProtocol.CONNECT_CPU;
        private BusConfig bus = BusConfig.DEFAULTS;
        private boolean seedVpciDefect;

        private Builder() {
        }

        /**
         * Versions to propose, newest first (default: 6.0 down to WIN8, as recent kernels).
         *
         * @param value the versions
         * @return this
         */
        public Builder versions(final List<VmbusVersion> value) {
            this.versions = value;
            return this;
        }

        /**
         * Newest version to propose; older ones down to WIN8 follow.
         *
         * @param value the newest version
         * @return this
         */
        public Builder maxVersion(final VmbusVersion value) {
            this.versions = VmbusVersion.newestFirst(value, VmbusVersion.WIN8.compareTo(value) > 0 ? value
                    : VmbusVersion.WIN8);
            return this;
        }

        /**
         * Whether the guest is an isolated VM (default false).
         *
         * @param value the flag
         * @return this
         */
        public Builder isolated(final boolean value) {
            this.isolated = value;
            return this;
        }

        /**
         * Which kernel's isolation rules apply (default 6.x).
         *
         * @param value the policy
         * @return this
         */
        public Builder isolationPolicy(final IsolationPolicy value) {
            this.isolationPolicy = value;
            return this;
        }

        /**
         * PCIe instances to ignore (default: the Azure Blob VPCI instance).
         *
         * @param value the list
         * @return this
         */
        public Builder vpciIgnore(final VpciIgnoreList value) {
            this.vpciIgnore = value;
            return this;
        }

        /**
         * How long to wait for each host reply (default 5 s).
         *
         * @param value the bound
         * @return this
         */
        public Builder replyTimeout(final Duration value) {
            this.replyTimeoutNanos = value.toNanos();
            return this;
        }

        /**
         * How long to wait for UNLOAD_RESPONSE (default 10 s).
         *
         * @param value the bound
         * @return this
         */
        public Builder unloadTimeout(final Duration value) {
            this.unloadTimeoutNanos = value.toNanos();
            return this;
        }

        /**
         * How long a rescind waits for offers in progress (default 10 s).
         *
         * @param value the bound
         * @return this
         */
        public Builder offerWaitTimeout(final Duration value) {
            this.offerWaitTimeoutNanos = value.toNanos();
            return this;
        }

        /**
         * The relid limit (default 2048).
         *
         * @param value the limit
         * @return this
         */
        public Builder maxRelids(final int value) {
            this.maxRelids = value;
            return this;
        }

        /**
         * The VP that receives channel messages (default 0).
         *
         * @param value the VP
         * @return this
         */
        public Builder targetVcpu(final int value) {
            this.targetVcpu = value;
            return this;
        }

        /**
         * The bus's bounds (default 5 s drain, 30 s probe).
         *
         * @param value the bounds
         * @return this
         */
        public Builder bus(final BusConfig value) {
            this.bus = value;
            return this;
        }

        /**
         * Reproduce the seed v4 VPCI defect (default false). Only for showing the bug.
         *
         * @param value the switch
         * @return this
         */
        public Builder seedVpciDefect(final boolean value) {
            this.seedVpciDefect = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public GuestConfig build() {
            return new GuestConfig(versions, isolated, isolationPolicy, vpciIgnore, replyTimeoutNanos,
                    unloadTimeoutNanos, offerWaitTimeoutNanos, maxRelids, targetVcpu, bus, seedVpciDefect);
        }
    }
}

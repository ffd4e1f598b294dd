package org.vmbussim.azblob.client;

import java.time.Clock;
import java.util.Objects;
import org.vmbussim.azblob.protocol.HttpFields;
import org.vmbussim.azblob.protocol.RepeatedDecimal;
import org.vmbussim.azblob.protocol.RequestIds;
import org.vmbussim.core.devfs.Devfs;
import org.vmbussim.core.process.SimProcess;

/**
 * The entry point of the fast-path Blob client, shaped like the Azure SDK's {@code BlobServiceClient}: one
 * storage account reached through a blob device node from one simulated guest process.
 *
 * <pre>{@code
 * try (FastPathBlobServiceClient service = FastPathBlobServiceClient.builder()
 *         .devfs(guest.devfs()).process(process)            // device path defaults to /dev/azure_blob
 *         .accountName("devstoreaccount1").accountKey(key)
 *         .build()) {
 *     FastPathBlobContainerClient photos = service.getBlobContainerClient("photos");
 *     photos.createIfNotExists();
 *     photos.getBlobClient("2026/cat.jpg").upload(bytes, true);
 * }
 * }</pre>
 *
 * <p>Requests are path-style ({@code /{account}/{container}/{blob}}, the prefix configurable) and signed with
 * the account's SharedKey. Thread-safe; the container and blob clients it hands out share its transport.
 */
public final class FastPathBlobServiceClient implements AutoCloseable {
    private final FastPathTransport transport;
    private final boolean ownsTransport;
    private final String accountName;
    private final SharedKeySigner signer;
    private final String pathPrefix;
    private final String hostHeader;
    private final HttpDateClock dates;
    /** The client request ids of this client's calls (a scratch array per thread, none per id). */
    private final RequestIds requestIds = new RequestIds();
    /** The Content-Length texts of this client's calls (the last size's string while sizes repeat). */
    private final RepeatedDecimal contentLengths = new RepeatedDecimal();

    private FastPathBlobServiceClient(final Builder b, final FastPathTransport transport, final boolean owns) {
        this.transport = transport;
        this.ownsTransport = owns;
        this.accountName = b.accountName;
        this.signer = new SharedKeySigner(b.accountName, b.accountKey);
        this.pathPrefix = b.endpointPathPrefix == null ? "/" + b.accountName : b.endpointPathPrefix;
        this.hostHeader = b.hostHeader;
        this.dates = new HttpDateClock(b.clock);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client for one container (no request is sent).
     *
     * @param containerName the container name
     * @return the client
     */
    public FastPathBlobContainerClient getBlobContainerClient(final String containerName) {
        return new FastPathBlobContainerClient(this, containerName);
    }

    /**
     * The account name.
     *
     * @return the account
     */
    public String accountName() {
        return accountName;
    }

    /**
     * The transport requests travel on.
     *
     * @return the transport
     */
    public FastPathTransport transport() {
        return transport;
    }

    /** The path every request target starts with, e.g. {@code /devstoreaccount1}. */
    String pathPrefix() {
        return pathPrefix;
    }

    String hostHeader() {
        return hostHeader;
    }

    /** Now as an HTTP date, for {@code x-ms-date}. */
    String httpDateNow() {
        return dates.now();
    }

    SharedKeySigner signer() {
        return signer;
    }

    /** The maker of this client's {@code Content-Length} values. */
    RepeatedDecimal contentLengths() {
        return contentLengths;
    }

    /** The maker of this client's {@code x-ms-client-request-id} values. */
    RequestIds requestIds() {
        return requestIds;
    }

    /** Closes the transport when this client opened it. */
    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    /** Configures a {@link FastPathBlobServiceClient}; not thread-safe. */
    public static final class Builder {
        private Devfs devfs;
        private SimProcess process;
        private String devicePath = FastPathTransport.DEFAULT_DEVICE_PATH;
        private FastPathTransportOptions transportOptions = FastPathTransportOptions.defaults();
        private FastPathTransport transport;
        private String accountName;
        private String accountKey;
        private String endpointPathPrefix;
        private String hostHeader = "blob.fastpath";
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The guest's device file system the node is opened in.
         *
         * @param value the devfs
         * @return this builder
         */
        public Builder devfs(final Devfs value) {
            this.devfs = value;
            return this;
        }

        /**
         * The process that opens the node and holds the buffers.
         *
         * @param value the task
         * @return this builder
         */
        public Builder process(final SimProcess value) {
            this.process = value;
            return this;
        }

        /**
         * The device node; default {@link FastPathTransport#DEFAULT_DEVICE_PATH}.
         *
         * @param value the path
         * @return this builder
         */
        public Builder devicePath(final String value) {
            this.devicePath = Objects.requireNonNull(value, "devicePath");
            return this;
        }

        /**
         * Buffer sizes and limits of the transport this builder opens.
         *
         * @param value the options
         * @return this builder
         */
        public Builder transportOptions(final FastPathTransportOptions value) {
            this.transportOptions = Objects.requireNonNull(value, "transportOptions");
            return this;
        }

        /**
         * An open transport to use instead of opening one (the client then does not close it).
         *
         * @param value the transport
         * @return this builder
         */
        public Builder transport(final FastPathTransport value) {
            this.transport = value;
            return this;
        }

        /**
         * The storage account.
         *
         * @param value the account name
         * @return this builder
         */
        public Builder accountName(final String value) {
            this.accountName = value;
            return this;
        }

        /**
         * The account key, Base64.
         *
         * @param value the key
         * @return this builder
         */
        public Builder accountKey(final String value) {
            this.accountKey = value;
            return this;
        }

        /**
         * The path every request target starts with; default {@code "/" + accountName} (path-style URLs).
         * Use {@code ""} for an endpoint that names the account in its host.
         *
         * @param value the prefix, empty or starting with {@code /} and not ending with it
         * @return this builder
         */
        public Builder endpointPathPrefix(final String value) {
            if (value != null && !value.isEmpty() && (!value.startsWith("/") || value.endsWith("/"))) {
                throw new IllegalArgumentException("endpointPathPrefix \"" + value
                        + "\" (expected: empty, or starting and not ending with /)");
            }
            this.endpointPathPrefix = value;
            return this;
        }

        /**
         * The {@code Host} field sent (not signed); default {@code blob.fastpath}.
         *
         * @param value the host
         * @return this builder
         */
        public Builder hostHeader(final String value) {
            if (!HttpFields.isFieldValue(value) || value.isEmpty()) {
                throw new IllegalArgumentException("hostHeader \"" + value + "\"");
            }
            this.hostHeader = value;
            return this;
        }

        /**
         * The clock {@code x-ms-date} is read from; default the system UTC clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(final Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Opens the device (unless a transport was given) and builds the client.
         *
         * @return the client
         * @throws IllegalStateException when the account, key, or the devfs and process are missing
         * @throws BlobFastPathException when the device cannot be opened
         */
        public FastPathBlobServiceClient build() {
            if (accountName == null || accountName.isEmpty() || accountKey == null) {
                throw new IllegalStateException("accountName and accountKey are required");
            }
            if (transport != null) {
                return new FastPathBlobServiceClient(this, transport, false);
            }
            if (devfs == null || process == null) {
                throw new IllegalStateException("devfs and process are required (or give an open transport)");
            }
            final FastPathTransport opened = FastPathTransport.open(devfs, process, devicePath, transportOptions);
            try {
                return new FastPathBlobServiceClient(this, opened, true);
            } catch (final RuntimeException e) {
                opened.close();
                throw e;
            }
        }
    }
}

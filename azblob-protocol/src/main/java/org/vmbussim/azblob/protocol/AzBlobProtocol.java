package org.vmbussim.azblob.protocol;

import java.util.List;
import org.vmbussim.wire.Guid;
import org.vmbussim.wire.LayoutCatalog;
import org.vmbussim.wire.StructLayout;

/**
 * Constants of the Azure Blob VSC/VSP protocol (seed patch 2/3; VMBUS-REFERENCE.md §5.2) and the
 * module's catalog of wire structs.
 */
public final class AzBlobProtocol implements LayoutCatalog {
    /** The device class GUID the host offers: {0590b792-db64-45cc-81db-b8d70c577c9e}. */
    public static final Guid HV_AZURE_BLOB_GUID = Guid.parse("{0590b792-db64-45cc-81db-b8d70c577c9e}");
    /** The instance GUID of the Azure Blob device's VPCI shadow, which the guest ignores. */
    public static final Guid AZURE_BLOB_VPCI_INSTANCE = Guid.parse("{d4573da2-2caa-4711-a8f9-bbabf4ee9685}");
    /** Protocol version the VSC sends. */
    public static final int VSP_PROTOCOL_VERSION_V1 = 0;
    /** Operation: a user request (AZ_BLOB_DRIVER_REQUEST_FIRST). */
    public static final int AZ_BLOB_DRIVER_USER_REQUEST = 0x100;
    /** Operation: register a buffer (defined by the seed, never used). */
    public static final int AZ_BLOB_DRIVER_REGISTER_BUFFER = 0x101;
    /** Operation: deregister a buffer (defined by the seed, never used). */
    public static final int AZ_BLOB_DRIVER_DEREGISTER_BUFFER = 0x102;
    /** Most pages one request may pin across its three buffers (also the per-buffer cap in pages). */
    public static final int AZ_BLOB_MAX_PAGES = 8192;
    /** Send and receive ring size of an Azure Blob channel, each including its header page. */
    public static final int AZ_BLOB_RING_SIZE = 128 * 1024;
    /**
     * The Blob service REST version ({@code x-ms-version}) the fast path speaks: what the guest's client sends
     * and the host's store answers with when a request names none.
     */
    public static final String BLOB_SERVICE_VERSION = "2021-08-06";
    /** Requestor table size of an Azure Blob channel. */
    public static final int AZ_BLOB_QUEUE_DEPTH = 1024;

    @Override
    public String title() {
        return "azblob-protocol: Azure Blob VSC/VSP packets";
    }

    @Override
    public List<StructLayout> layouts() {
        return List.of(AzBlobVspRequestLayout.STRUCT, AzBlobVspResponseLayout.STRUCT);
    }
}

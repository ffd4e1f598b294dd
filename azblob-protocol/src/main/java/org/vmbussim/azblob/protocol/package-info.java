/**
 * The wire contract shared by the Azure Blob guest driver and host provider: az_blob_vsp_request,
 * az_blob_vsp_response, operation types.
 */
package org.vmbussim.azblob.protocol;

/**
 * The user ABI of /dev/azure_blob (az_blob_request_sync, the ioctl number, errno) and the wire toolkit
 * every module shares.
 */
package org.vmbussim.uapi;

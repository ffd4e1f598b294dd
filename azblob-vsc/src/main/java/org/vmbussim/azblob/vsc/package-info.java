/**
 * The Azure Blob guest driver (VSC): the /dev/azure_blob device node, request validation, pinning and
 * completion.
 */
package org.vmbussim.azblob.vsc;

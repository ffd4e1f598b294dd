/**
 * The user-space fast-path client library over /dev/azure_blob.
 */
package org.vmbussim.azblob.client;

/**
 * The Azure Blob host provider (VSP) and its blob backends.
 */
package org.vmbussim.azblob.vsp;

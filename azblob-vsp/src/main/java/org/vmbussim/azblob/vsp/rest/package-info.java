/**
 * The REST forwarding backend: sends each Blob request unchanged to a real Blob endpoint (Azurite in
 * tests, Azure Storage in production) through the host's own network stack.
 */
package org.vmbussim.azblob.vsp.rest;

/**
 * HTTP/1.1 for the Blob backends: the head codec the VMBus fast path uses (request head in, response
 * head out, built on netty-codec-http) and a loopback HTTP/1.1 server that serves any {@link
 * org.vmbussim.azblob.vsp.backend.BlobBackend} to curl and the Azure SDK.
 */
package org.vmbussim.azblob.vsp.http;

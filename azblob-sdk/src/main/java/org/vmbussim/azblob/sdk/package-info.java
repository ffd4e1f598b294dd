/**
 * The unmodified Azure SDK for Java over the simulated VMBus: an azure-core {@code HttpClient} that carries
 * every SDK request through a blob device node ({@code /dev/azure_blob}) with the fast-path client's
 * transport, and an {@code HttpClientProvider} so the SDK finds it without Netty.
 *
 * @see <a href="https://learn.microsoft.com/azure/developer/java/sdk/http-client-pipeline">Azure SDK HTTP
 *      clients and pipelines</a>
 */
package org.vmbussim.azblob.sdk;

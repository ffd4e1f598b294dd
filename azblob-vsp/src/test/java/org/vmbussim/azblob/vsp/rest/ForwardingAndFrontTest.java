package org.vmbussim.azblob.vsp.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vmbussim.azblob.vsp.backend.BlobOutcome;
import org.vmbussim.azblob.vsp.http.BlobHttpServer;
import org.vmbussim.azblob.vsp.store.Requests;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;
import org.vmbussim.uapi.Errno;

class ForwardingAndFrontTest {
    @Test
    void aRefusedConnectionIsEconnrefused() throws Exception {
        final int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (RestForwardingBackend f = new RestForwardingBackend(
                RestForwardingBackend.Options.defaults(URI.create("http://127.0.0.1:" + port)))) {
            final BlobOutcome.Failed failed = assertInstanceOf(BlobOutcome.Failed.class,
                    f.execute(Requests.request("GET", "/cont/b", null)));
            assertEquals(Errno.ECONNREFUSED, failed.errno());
        }
    }

    @Test
    void aSilentServerIsEtimedout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
             RestForwardingBackend f = new RestForwardingBackend(new RestForwardingBackend.Options(
                     URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofSeconds(2),
                     Duration.ofMillis(300), 1))) {
            final BlobOutcome.Failed failed = assertInstanceOf(BlobOutcome.Failed.class,
                    f.execute(Requests.request("GET", "/cont/b", null)));
            assertEquals(Errno.ETIMEDOUT, failed.errno());
        }
    }

    @Test
    void theHttpFrontServesPlainHttpClientsAndLeavesNoThreadsBehind() throws Exception {
        try (StorageEngine engine = StorageEngine.inMemory(StorageOptions.defaults().withoutAuthentication())) {
            try (BlobHttpServer server = BlobHttpServer.start(engine)) {
                assertTrue(server.port() > 0);
                final HttpClient client = HttpClient.newHttpClient();
                final String base = "http://127.0.0.1:" + server.port() + "/devstoreaccount1";
                assertEquals(201, client.send(HttpRequest.newBuilder(URI.create(base + "/cont?restype=container"))
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
                assertEquals(201, client.send(HttpRequest.newBuilder(URI.create(base + "/cont/a%2Fb"))
                        .header("x-ms-blob-type", "BlockBlob")
                        .PUT(HttpRequest.BodyPublishers.ofString("hello")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
                final HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(base + "/cont/a/b"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("hello", get.body());
                final HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(base + "/cont/a/b"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals("5", head.headers().firstValue("content-length").orElse(null));
                assertEquals("", head.body());
            }
        }
        final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (threadsNamed("vsp-http-") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, threadsNamed("vsp-http-"), "HTTP front threads left behind");
    }

    private static long threadsNamed(final String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}

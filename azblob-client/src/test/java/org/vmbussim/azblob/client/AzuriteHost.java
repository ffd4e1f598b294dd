package org.vmbussim.azblob.client;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.vmbussim.azblob.vsp.rest.AzuriteServer;
import org.vmbussim.azblob.vsp.rest.AzuriteSupport;
import org.vmbussim.azblob.vsp.rest.RestForwardingBackend;

/**
 * A JUnit extension running one Azurite for a test class ({@code @RegisterExtension static}), and devices
 * whose host forwards every request to it through {@link RestForwardingBackend}, so Azurite verifies each
 * SharedKey signature. The class is skipped when Azurite is not installed (build/install-azurite.sh) and
 * fails instead under {@code CI=true}.
 */
public final class AzuriteHost implements BeforeAllCallback, AfterAllCallback {
    private AzuriteServer azurite;

    @Override
    public void beforeAll(final ExtensionContext context) throws IOException {
        azurite = AzuriteSupport.start();
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (azurite != null) {
            azurite.close();
        }
    }

    /**
     * The running Azurite's blob endpoint.
     *
     * @return e.g. {@code http://127.0.0.1:PORT/devstoreaccount1}
     */
    public URI endpoint() {
        return azurite.endpoint();
    }

    /**
     * A guest whose blob device's host forwards to this Azurite.
     *
     * @return the fixture (closing it closes the forwarder, not Azurite)
     */
    public InProcessDeviceFixture newDevice() {
        return new InProcessDeviceFixture(new RestForwardingBackend(RestForwardingBackend.Options.defaults(
                azurite.endpoint())), InProcessDeviceFixture.DEFAULT_GUEST_PAGES);
    }
}

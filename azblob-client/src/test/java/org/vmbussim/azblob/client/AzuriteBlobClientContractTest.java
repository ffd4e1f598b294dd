package org.vmbussim.azblob.client;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmbussim.azblob.vsp.rest.AzuriteSupport;
import org.vmbussim.azblob.vsp.rest.RestForwardingBackend;

/**
 * The contract suite over the host's REST forwarder to Azurite, which verifies the client's SharedKey
 * signatures and answers as the real service's emulator does. Skipped when Azurite is not installed
 * (build/install-azurite.sh), failed instead under {@code CI=true}.
 */
class AzuriteBlobClientContractTest extends AbstractBlobClientContractTest {
    private static AzuriteSupport azurite;

    @BeforeAll
    static void startAzurite() throws IOException {
        azurite = AzuriteSupport.start();
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    protected BlobDeviceFixture createFixture() {
        return new InProcessDeviceFixture(new RestForwardingBackend(RestForwardingBackend.Options.defaults(
                azurite.endpoint())), InProcessDeviceFixture.DEFAULT_GUEST_PAGES);
    }
}

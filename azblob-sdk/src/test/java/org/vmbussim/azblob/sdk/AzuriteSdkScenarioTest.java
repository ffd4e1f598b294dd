package org.vmbussim.azblob.sdk;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.vmbussim.azblob.client.InProcessDeviceFixture;
import org.vmbussim.azblob.vsp.rest.AzuriteSupport;
import org.vmbussim.azblob.vsp.rest.RestForwardingBackend;

/**
 * The SDK scenario over the host's REST forwarder to Azurite, which checks every SharedKey signature the SDK
 * made: proof that the fast path carries the signed request unchanged. Skipped when Azurite is not installed
 * (build/install-azurite.sh), failed instead under {@code CI=true}.
 */
class AzuriteSdkScenarioTest extends AbstractSdkScenarioTest {
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
    protected InProcessDeviceFixture createDevice() {
        return new InProcessDeviceFixture(new RestForwardingBackend(RestForwardingBackend.Options.defaults(
                azurite.endpoint())), InProcessDeviceFixture.DEFAULT_GUEST_PAGES);
    }
}

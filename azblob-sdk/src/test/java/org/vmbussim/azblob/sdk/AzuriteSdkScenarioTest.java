package org.vmbussim.azblob.sdk;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.vmbussim.azblob.client.AzuriteHost;
import org.vmbussim.azblob.client.BlobDeviceFixture;

/**
 * The SDK scenario over the host's REST forwarder to Azurite, which checks every SharedKey signature the SDK
 * made: proof that the fast path carries the signed request unchanged.
 */
class AzuriteSdkScenarioTest extends AbstractSdkScenarioTest {
    @RegisterExtension
    static final AzuriteHost AZURITE = new AzuriteHost();

    @Override
    protected BlobDeviceFixture createDevice() {
        return AZURITE.newDevice();
    }
}

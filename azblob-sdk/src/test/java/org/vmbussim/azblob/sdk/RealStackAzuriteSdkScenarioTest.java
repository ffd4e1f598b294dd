package org.vmbussim.azblob.sdk;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.vmbussim.azblob.client.AzuriteHost;
import org.vmbussim.azblob.client.BlobDeviceFixture;
import org.vmbussim.azblob.client.RealStackDeviceFixture;
import org.vmbussim.azblob.vsp.rest.RestForwardingBackend;

/**
 * The unmodified Azure SDK over the real VSC, VMBus rings and VSP, whose REST forwarder sends every request on
 * to Azurite, which checks the SDK's SharedKey signatures: the fast path carries signed requests unchanged.
 */
class RealStackAzuriteSdkScenarioTest extends AbstractSdkScenarioTest {
    @RegisterExtension
    static final AzuriteHost AZURITE = new AzuriteHost();

    @Override
    protected BlobDeviceFixture createDevice() {
        return new RealStackDeviceFixture(new RestForwardingBackend(RestForwardingBackend.Options.defaults(
                AZURITE.endpoint())));
    }
}

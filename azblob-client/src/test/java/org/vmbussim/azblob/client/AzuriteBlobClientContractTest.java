package org.vmbussim.azblob.client;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract suite over the host's REST forwarder to Azurite, which verifies the client's signatures. */
class AzuriteBlobClientContractTest extends AbstractBlobClientContractTest {
    @RegisterExtension
    static final AzuriteHost AZURITE = new AzuriteHost();

    @Override
    protected BlobDeviceFixture createFixture() {
        return AZURITE.newDevice();
    }
}

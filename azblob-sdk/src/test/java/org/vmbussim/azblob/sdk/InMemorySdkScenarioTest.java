package org.vmbussim.azblob.sdk;

import org.vmbussim.azblob.client.BlobDeviceFixture;
import org.vmbussim.azblob.client.InProcessDeviceFixture;

/** The SDK scenario over the in-memory store. */
class InMemorySdkScenarioTest extends AbstractSdkScenarioTest {
    @Override
    protected BlobDeviceFixture createDevice() {
        return InProcessDeviceFixture.inMemory();
    }
}

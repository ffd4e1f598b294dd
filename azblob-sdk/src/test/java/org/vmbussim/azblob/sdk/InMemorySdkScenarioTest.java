package org.vmbussim.azblob.sdk;

import org.vmbussim.azblob.client.InProcessDeviceFixture;

/** The SDK scenario over the in-memory store. */
class InMemorySdkScenarioTest extends AbstractSdkScenarioTest {
    @Override
    protected InProcessDeviceFixture createDevice() {
        return InProcessDeviceFixture.inMemory();
    }
}

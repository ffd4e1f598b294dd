package org.vmbussim.azblob.sdk;

import org.vmbussim.azblob.client.BlobDeviceFixture;
import org.vmbussim.azblob.client.RealStackDeviceFixture;

/** The unmodified Azure SDK over the real VSC, VMBus rings and VSP, served from the in-memory store. */
class RealStackInMemorySdkScenarioTest extends AbstractSdkScenarioTest {
    @Override
    protected BlobDeviceFixture createDevice() {
        return RealStackDeviceFixture.inMemory();
    }
}

package org.vmbussim.azblob.client;

/** The client contract over the real VSC, VMBus rings and VSP, served from an in-memory store. */
class RealStackContractTest extends AbstractBlobClientContractTest {
    @Override
    protected BlobDeviceFixture createFixture() {
        return RealStackDeviceFixture.inMemory();
    }
}

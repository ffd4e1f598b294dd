package org.vmbussim.azblob.client;

/** The contract suite over the in-process device double and the in-memory store. */
class InProcessBlobClientContractTest extends AbstractBlobClientContractTest {
    @Override
    protected BlobDeviceFixture createFixture() {
        return InProcessDeviceFixture.inMemory();
    }
}

package org.vmbussim.azblob.sdk;

import java.nio.file.Files;
import org.vmbussim.azblob.client.BlobDeviceFixture;
import org.vmbussim.azblob.client.InProcessDeviceFixture;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;

/** The SDK scenario over the durable file store. */
class FileStoreSdkScenarioTest extends AbstractSdkScenarioTest {
    @Override
    protected BlobDeviceFixture createDevice() throws Exception {
        return new InProcessDeviceFixture(StorageEngine.fileStore(Files.createDirectories(temp.resolve("store")),
                StorageOptions.defaults()), InProcessDeviceFixture.DEFAULT_GUEST_PAGES);
    }
}

package org.vmbussim.azblob.sdk;

import java.nio.file.Files;
import org.vmbussim.azblob.client.BlobDeviceFixture;
import org.vmbussim.azblob.client.RealStackDeviceFixture;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;

/** The unmodified Azure SDK over the real VSC, VMBus rings and VSP, served from the durable file store. */
class RealStackFileStoreSdkScenarioTest extends AbstractSdkScenarioTest {
    @Override
    protected BlobDeviceFixture createDevice() throws Exception {
        return new RealStackDeviceFixture(StorageEngine.fileStore(Files.createDirectories(temp.resolve("store")),
                StorageOptions.defaults()));
    }
}

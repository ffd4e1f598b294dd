package org.vmbussim.azblob.client;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.vmbussim.azblob.vsp.store.StorageEngine;
import org.vmbussim.azblob.vsp.store.StorageOptions;

/** The contract suite over the in-process device double and the durable file store. */
class FileStoreBlobClientContractTest extends AbstractBlobClientContractTest {
    @TempDir
    Path directory;

    @Override
    protected BlobDeviceFixture createFixture() {
        return new InProcessDeviceFixture(StorageEngine.fileStore(directory, StorageOptions.defaults()),
                InProcessDeviceFixture.DEFAULT_GUEST_PAGES);
    }
}

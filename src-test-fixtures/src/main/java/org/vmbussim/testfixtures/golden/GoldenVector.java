package org.vmbussim.testfixtures.golden;

import java.util.List;
import org.vmbussim.uapi.Ioctl;
import org.vmbussim.wire.FieldValues;

/**
 * One golden vector: a resource file that gives the expected bytes of one or more wire structs laid
 * end to end (a packet descriptor followed by its payload, say), or of an ioctl command number.
 *
 * @param name     the resource path below {@code golden/}, e.g. {@code az_blob_request_sync/all-distinct.vec}
 * @param segments the structs in order, each with its field values (struct vectors)
 * @param ioctl    the ioctl fields (ioctl vectors), or null
 * @param bytes    the expected bytes
 */
public record GoldenVector(String name, List<FieldValues> segments, Ioctl ioctl, byte[] bytes) {

    /**
     * Whether this vector is of an ioctl command number.
     *
     * @return true for an ioctl vector
     */
    public boolean isIoctl() {
        return ioctl != null;
    }

    /**
     * The values of the first segment, for tests of one struct's typed codec.
     *
     * @return the values
     */
    public FieldValues fields() {
        return segments.get(0);
    }

    @Override
    public String toString() {
        return name;
    }
}

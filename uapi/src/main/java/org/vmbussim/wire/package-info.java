/**
 * The wire toolkit every module shares: a {@link org.vmbussim.wire.MemoryRegion} to read and write
 * little-endian bytes at addresses with bounds checks, the mixed-endian {@link org.vmbussim.wire.Guid},
 * and {@link org.vmbussim.wire.StructLayout}, a description of a C wire struct built from a Layout class's
 * offset constants, from which golden-vector tests, the CLI dissector and docs/wire-formats.md are driven.
 *
 * <p>Everything on the wire is little-endian (VMBUS-REFERENCE.md, conventions). A GUID's first three
 * fields are little-endian too; {@code java.util.UUID} is never used for wire bytes.
 */
package org.vmbussim.wire;

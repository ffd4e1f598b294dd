package org.vmbussim.azblob.vsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmbussim.azblob.vsc.testing.ScriptedHost;
import org.vmbussim.core.process.AddressSpace;
import org.vmbussim.uapi.AzBlobRequestSync;

/**
 * The exact bytes of the packet per request, against bytes computed here from first principles (the
 * offsets of VMBUS-REFERENCE.md §2.3, §5.3, §5.7 typed in, PFNs found by translating each user page),
 * never with the project's own encoders.
 */
class PacketBytesTest {
    private static final long SEED = 5_7L;
    private final Random random = new Random(SEED);
    private final VscTestBed bed = VscTestBed.deterministic(SEED);

    @AfterEach
    void noLeaks() {
        bed.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no data buffer, page aligned",
                        (BiFunction<Client, Random, AzBlobRequestSync>) (c, r) -> c.spec(r).request(64, 0)
                                .response(256, 0).build()),
                Arguments.of("data buffer, every buffer mid-page, request and response crossing pages",
                        (BiFunction<Client, Random, AzBlobRequestSync>) (c, r) -> c.spec(r).timeout(12345)
                                .request(100, 0xff0).response(4096, 0x800).data(10000, 9000, 0x10).build()),
                Arguments.of("three buffers sharing two pages: the same PFN appears more than once",
                        (BiFunction<Client, Random, AzBlobRequestSync>) (c, r) -> {
                            final long base = c.map(2 * 4096);
                            return c.spec(r).request(0x200, 0).response(0x1000, 0).data(0x100, 0x80, 0)
                                    .at(base + 0x100, base + 0x300, base + 0x1400).build();
                        }),
                Arguments.of("data_len 0 with data_valid and a garbage data pointer: no data sent",
                        (BiFunction<Client, Random, AzBlobRequestSync>) (c, r) -> {
                            final AzBlobRequestSync s = c.spec(r).request(1, 0xfff).response(1, 0).build();
                            return new AzBlobRequestSync(s.guid(), s.timeout(), s.requestLen(), s.responseLen(), 0,
                                    77, s.requestBuffer(), s.responseBuffer(), 0xdead_beefL, 0, 0);
                        }),
                Arguments.of("one byte of data at the last byte of a page",
                        (BiFunction<Client, Random, AzBlobRequestSync>) (c, r) -> c.spec(r).request(4096, 1)
                                .response(8192, 4095).data(1, 1, 4095).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldPutExactlyTheseBytesOnTheRing(final String name,
            final BiFunction<Client, Random, AzBlobRequestSync> request) {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        d.host().script(ScriptedHost.Script.status(0));
        final Client c = bed.open(d.device());
        final AzBlobRequestSync sync = request.apply(c, random);
        c.ioctl(c.place(sync));

        final byte[] expected = expectedPacket(c.space(), sync, 1);
        final byte[] actual = d.host().last().packetBytes();
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual), name);
        assertArrayEquals(expected, actual);
    }

    /**
     * Every case back to back on one device from one thread, so each packet's payload is written into the scratch
     * the one before used (AzureBlobDevice's per-thread payload scratch): a field the earlier request set and this
     * one does not (a data buffer, then none) would show up here as a wrong byte.
     */
    @Test
    void shouldPutEachRequestsOwnBytesOnTheRingWhenOneThreadSendsRequestsBackToBack() {
        final VscTestBed.Hosted d = bed.addDevice("relid 1");
        d.host().script(ScriptedHost.Script.status(0));
        final Client c = bed.open(d.device());
        final List<Arguments> all = cases().toList();
        for (int round = 0; round < 2; round++) {
            for (final Arguments a : all) {
                @SuppressWarnings("unchecked")
                final BiFunction<Client, Random, AzBlobRequestSync> request =
                        (BiFunction<Client, Random, AzBlobRequestSync>) a.get()[1];
                final AzBlobRequestSync sync = request.apply(c, random);
                c.ioctl(c.place(sync));
                final long transactionId = d.host().last().transactionId();
                assertEquals(HexFormat.of().formatHex(expectedPacket(c.space(), sync, transactionId)),
                        HexFormat.of().formatHex(d.host().last().packetBytes()), round + ": " + a.get()[0]);
            }
        }
    }

    /** The GPA-direct packet, descriptor to payload, built by hand. */
    static byte[] expectedPacket(final AddressSpace space, final AzBlobRequestSync s, final long transactionId) {
        final long dataLen = Integer.toUnsignedLong(s.dataLen());
        final long[] dataPfns = dataLen == 0 ? new long[0] : pfns(space, s.dataBuffer(), dataLen);
        final long[] requestPfns = pfns(space, s.requestBuffer(), Integer.toUnsignedLong(s.requestLen()));
        final long[] responsePfns = pfns(space, s.responseBuffer(), Integer.toUnsignedLong(s.responseLen()));
        final int n = dataPfns.length + requestPfns.length + responsePfns.length;
        final Le b = new Le(88 + 8 * n);
        // struct vmpacket_descriptor
        b.u16(9);                  // type: VM_PKT_DATA_USING_GPA_DIRECT
        b.u16(4 + n);              // offset8: (16 + 8 + 8 + 8n) / 8
        b.u16(11 + n);             // len8: (32 + 8n + 56) / 8
        b.u16(1);                  // flags: VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED
        b.u64(transactionId);      // trans_id: the requestor id
        b.u32(0);                  // reserved
        b.u32(1);                  // rangecount
        // struct gpa_range
        b.u32(n * 4096);           // byte_count
        b.u32(0);                  // byte_offset
        for (final long[] part : new long[][] {dataPfns, requestPfns, responsePfns}) {
            for (final long pfn : part) {
                b.u64(pfn);        // data pages, then request pages, then response pages
            }
        }
        // struct az_blob_vsp_request
        b.u32(0);                                                       // version
        b.u32(s.timeout());                                             // timeout_ms
        b.u32(dataLen == 0 ? 0 : (int) (s.dataBuffer() & 0xfff));       // data_buffer_offset
        b.u32(dataLen == 0 ? 0 : s.dataLen());                          // data_buffer_length
        b.u32(dataLen == 0 ? 0 : s.dataValid());                        // data_buffer_valid
        b.u32(0x100);                                                   // operation_type
        b.u32((int) (s.requestBuffer() & 0xfff) + dataPfns.length * 4096); // request_buffer_offset
        b.u32(s.requestLen());                                          // request_buffer_length
        b.u32((int) (s.responseBuffer() & 0xfff) + (dataPfns.length + requestPfns.length) * 4096);
        b.u32(s.responseLen());                                         // response_buffer_length
        b.bytes(s.guid().toWire());                                     // transaction_id
        assertEquals(b.array().length, b.position(), "88 + 8n bytes, already a multiple of 8");
        return b.array();
    }

    /** The PFN of every page the buffer touches, by translating each page's address. */
    static long[] pfns(final AddressSpace space, final long va, final long length) {
        final long first = va & ~0xfffL;
        final long end = va + length;
        final int pages = (int) ((end - first + 4095) / 4096);
        final long[] out = new long[pages];
        for (int i = 0; i < pages; i++) {
            out[i] = space.translate(first + i * 4096L);
        }
        return out;
    }

    /** A little-endian byte writer with no ties to the code under test. */
    static final class Le {
        private final byte[] b;
        private int at;

        Le(final int length) {
            b = new byte[length];
        }

        void u16(final int v) {
            put(v, 2);
        }

        void u32(final long v) {
            put(v, 4);
        }

        void u64(final long v) {
            put(v, 8);
        }

        void bytes(final byte[] v) {
            System.arraycopy(v, 0, b, at, v.length);
            at += v.length;
        }

        private void put(final long v, final int n) {
            for (int i = 0; i < n; i++) {
                b[at++] = (byte) (v >>> (8 * i));
            }
        }

        byte[] array() {
            return b;
        }

        int position() {
            return at;
        }
    }
}

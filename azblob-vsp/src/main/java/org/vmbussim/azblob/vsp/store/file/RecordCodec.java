package org.vmbussim.azblob.vsp.store.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The small binary records of the file store: a 4-byte magic, a version, fields written with
 * DataOutput (big-endian, strings as length + UTF-8, null as length -1), and a CRC-32 of everything
 * before it. A record that fails its magic, version, bounds or CRC is reported as corrupt.
 */
final class RecordCodec {
    static final int VERSION = 1;
    private static final int MAX_STRING_BYTES = 1 << 20;

    private RecordCodec() {
    }

    /** Writes fields; {@link #finish()} appends the CRC. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer(final int magic) throws IOException {
            out.writeInt(magic);
            out.writeInt(VERSION);
        }

        Writer string(final String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return this;
            }
            final byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
            return this;
        }

        Writer i64(final long v) throws IOException {
            out.writeLong(v);
            return this;
        }

        Writer i32(final int v) throws IOException {
            out.writeInt(v);
            return this;
        }

        Writer instant(final Instant t) throws IOException {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
            return this;
        }

        /** A nullable instant: a presence flag, then the instant when present. */
        Writer optionalInstant(final Instant t) throws IOException {
            out.writeBoolean(t != null);
            return t == null ? this : instant(t);
        }

        Writer map(final Map<String, String> m) throws IOException {
            out.writeInt(m.size());
            for (final Map.Entry<String, String> e : m.entrySet()) {
                string(e.getKey());
                string(e.getValue());
            }
            return this;
        }

        byte[] finish() throws IOException {
            out.flush();
            final CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        }
    }

    /** Reads fields written by {@link Writer}, after checking magic, version and CRC. */
    static final class Reader {
        private final DataInputStream in;

        Reader(final byte[] record, final int length, final int magic) throws IOException {
            if (length < 12) {
                throw new IOException("corrupt record: " + length + " bytes");
            }
            final CRC32 crc = new CRC32();
            crc.update(record, 0, length - 4);
            final int stored = (record[length - 4] & 0xff) << 24 | (record[length - 3] & 0xff) << 16
                    | (record[length - 2] & 0xff) << 8 | (record[length - 1] & 0xff);
            if (stored != (int) crc.getValue()) {
                throw new IOException("corrupt record: CRC mismatch");
            }
            in = new DataInputStream(new ByteArrayInputStream(record, 0, length - 4));
            if (in.readInt() != magic || in.readInt() != VERSION) {
                throw new IOException("corrupt record: bad magic or version");
            }
        }

        String string() throws IOException {
            final int n = in.readInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > MAX_STRING_BYTES) {
                throw new IOException("corrupt record: string of " + n + " bytes");
            }
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }

        long i64() throws IOException {
            return in.readLong();
        }

        int i32() throws IOException {
            return in.readInt();
        }

        Instant instant() throws IOException {
            final long seconds = in.readLong();
            final int nanos = in.readInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new IOException("corrupt record: nanos " + nanos);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }

        Instant optionalInstant() throws IOException {
            return in.readBoolean() ? instant() : null;
        }

        /** Whether fields follow (records of an older layout end before fields added later). */
        boolean hasMore() throws IOException {
            return in.available() > 0;
        }

        Map<String, String> map() throws IOException {
            final int n = in.readInt();
            if (n < 0 || n > 100_000) {
                throw new IOException("corrupt record: map of " + n);
            }
            final Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                m.put(string(), string());
            }
            return m;
        }

        /** Bytes after the record header consumed so far are not needed; the caller may read a tail. */
        int count(final int max) throws IOException {
            final int n = in.readInt();
            if (n < 0 || n > max) {
                throw new IOException("corrupt record: count " + n);
            }
            return n;
        }
    }
}

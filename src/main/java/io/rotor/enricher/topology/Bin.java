package io.rotor.enricher.topology;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Length-prefixed binary fields for the store values (nullable byte arrays and strings). */
final class Bin {
    private Bin() {
    }

    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer bytes(byte[] b) {
            try {
                if (b == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(b.length);
                    out.write(b);
                }
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Writer string(String s) {
            return bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }

        Writer u8(int v) {
            try {
                out.writeByte(v);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Writer i32(int v) {
            try {
                out.writeInt(v);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Writer i64(long v) {
            try {
                out.writeLong(v);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] done() {
            return bytes.toByteArray();
        }
    }

    /** Reads what {@link Writer} wrote; a field past the end of the data is an {@link UncheckedIOException}. */
    static final class Reader {
        // A plain ByteBuffer: DataInputStream over ByteArrayInputStream locks on every read, and this runs per record.
        private final ByteBuffer in;

        Reader(byte[] data) {
            this.in = ByteBuffer.wrap(data);
        }

        byte[] bytes() {
            int n = i32();
            if (n < 0) {
                return null;
            }
            need(n);
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        String string() {
            int n = i32();
            if (n < 0) {
                return null;
            }
            need(n);
            String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
            in.position(in.position() + n);
            return s;
        }

        int u8() {
            need(1);
            return in.get() & 0xff;
        }

        int i32() {
            need(Integer.BYTES);
            return in.getInt();
        }

        long i64() {
            need(Long.BYTES);
            return in.getLong();
        }

        private void need(int n) {
            if (n > in.remaining()) {
                // A corrupt length must not allocate a huge array, and a short value must not read past its end.
                throw new UncheckedIOException(new EOFException("field of " + n + " bytes, " + in.remaining() + " left"));
            }
        }
    }
}

package nnc.ir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} files as {@link Tensor}s. Reads format versions 1.0 and 2.0 with
 * little-endian {@code <f4}, {@code <i4}, {@code <f8} and {@code <i8} data in C order ({@code <f8} is
 * rounded to f32, {@code <i8} must fit in i32); writes version 1.0 with {@code <f4} or {@code <i4}.
 * Every problem is an {@link NpyException} naming the file.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the data to 64 bytes, so that it can be memory-mapped. */
    private static final int ALIGN = 64;

    private Npy() {}

    public static Tensor read(Path file) throws NpyException {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NpyException(name, "no such file");
        } catch (IOException e) {
            throw new NpyException(name, "cannot read: " + e.getMessage());
        }
        return decode(name, bytes);
    }

    /** Reads a tensor that must have type {@code expected}, e.g. an input of a graph. */
    public static Tensor read(Path file, TensorType expected) throws NpyException {
        Tensor t = read(file);
        checkType(file.toString(), t, expected);
        return t;
    }

    /** Throws {@code "x.npy: expected f32[4,784], found f32[4,785]"} unless {@code t} has type {@code expected}. */
    public static void checkType(String name, Tensor t, TensorType expected) throws NpyException {
        if (!t.type().equals(expected)) throw new NpyException(name, "expected " + expected + ", found " + t.type());
    }

    /** Decodes the bytes of a {@code .npy} file; {@code name} is used in error messages. */
    public static Tensor decode(String name, byte[] bytes) throws NpyException {
        if (bytes.length < 10 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new NpyException(name, "not a .npy file (no \\x93NUMPY magic at its start)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int minor = bytes[7];
        if (major != 1 && major != 2) {
            throw new NpyException(name, "unsupported .npy format version " + major + "." + minor + " (1.0 and 2.0 are read)");
        }
        // Version 1.0 stores the header length in 2 bytes, version 2.0 in 4.
        int headerStart = major == 1 ? 10 : 12;
        if (bytes.length < headerStart) throw new NpyException(name, "truncated header");
        long headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : Integer.toUnsignedLong(buf.getInt(8));
        if (headerStart + headerLength > bytes.length) throw new NpyException(name, "truncated header");
        int dataStart = Math.toIntExact(headerStart + headerLength);
        NpyHeader header;
        try {
            header = NpyHeader.parse(new String(bytes, headerStart, (int) headerLength, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            throw new NpyException(name, e.getMessage());
        }
        if (header.fortranOrder()) {
            throw new NpyException(name, "Fortran-order arrays are not supported; save a C-order array (np.ascontiguousarray)");
        }
        Element element = Element.of(header.descr());
        if (element == null) {
            throw new NpyException(name, "unsupported dtype '" + header.descr() + "' (supported: <f4, <i4, <f8, <i8)");
        }
        long numel = 1;
        for (int d : header.shape()) numel *= d;
        if (numel > Integer.MAX_VALUE) throw new NpyException(name, "array of " + numel + " elements is too large");
        long dataBytes = numel * element.size;
        long found = bytes.length - dataStart;
        if (found < dataBytes) {
            throw new NpyException(name, "truncated data: shape " + Shape.of(header.shape()) + " of " + header.descr()
                    + " needs " + dataBytes + " bytes, the file holds " + found);
        }
        if (found > dataBytes) throw new NpyException(name, (found - dataBytes) + " unexpected bytes after the data");
        Tensor t = Tensor.zeros(new TensorType(element.dtype, Shape.of(header.shape())));
        buf.position(dataStart);
        for (int i = 0; i < t.size(); i++) t.set(i, element.read(name, buf, i));
        return t;
    }

    public static void write(Path file, Tensor t) throws IOException {
        Files.write(file, encode(t));
    }

    /** Version 1.0 bytes of {@code t}: {@code <f4} for f32 (rounded to float), {@code <i4} for i32. */
    public static byte[] encode(Tensor t) {
        boolean f32 = t.type().dtype() == DType.F32;
        String dict = NpyHeader.format(f32 ? "<f4" : "<i4", t.shape().dims());
        // magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of ALIGN.
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(padded + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < t.size(); i++) {
            if (f32) buf.putFloat((float) t.get(i));
            else buf.putInt((int) t.get(i));
        }
        return buf.array();
    }

    /** The element encodings read, each with the dtype it becomes. */
    private enum Element {
        F4("<f4", 4, DType.F32),
        I4("<i4", 4, DType.I32),
        F8("<f8", 8, DType.F32),
        I8("<i8", 8, DType.I32);

        final String descr;
        final int size;
        final DType dtype;

        Element(String descr, int size, DType dtype) {
            this.descr = descr;
            this.size = size;
            this.dtype = dtype;
        }

        static Element of(String descr) {
            for (Element e : values()) {
                if (e.descr.equals(descr)) return e;
            }
            return null;
        }

        double read(String name, ByteBuffer buf, int index) throws NpyException {
            return switch (this) {
                case F4 -> buf.getFloat();
                case I4 -> buf.getInt();
                case F8 -> (float) buf.getDouble();
                case I8 -> {
                    long v = buf.getLong();
                    if (v != (int) v) throw new NpyException(name, "value " + v + " at index " + index + " does not fit in i32");
                    yield v;
                }
            };
        }
    }
}

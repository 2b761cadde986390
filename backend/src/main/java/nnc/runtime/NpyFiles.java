package nnc.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files for generated networks: reads version 1.0 and 2.0 files holding C-order
 * little-endian {@code <f4}, {@code <i4}, {@code <f8} or {@code <i8} data, writes version 1.0 {@code <f4}
 * or {@code <i4}. Elements travel as {@code float[]}; i32 elements as their raw bits. Every problem is an
 * {@link IOException} whose message starts with the file's name.
 */
public final class NpyFiles {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFiles() {}

    /** Reads a tensor that must have {@code shape} and be an integer array exactly when {@code i32}. */
    public static float[] read(Path file, int[] shape, boolean i32) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 12 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw problem(file, "not a .npy file");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        if (major != 1 && major != 2) throw problem(file, "unsupported .npy format version " + major);
        int headerStart = major == 1 ? 10 : 12;
        long headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : Integer.toUnsignedLong(buf.getInt(8));
        if (headerStart + headerLength > bytes.length) throw problem(file, "truncated header");
        String header = new String(bytes, headerStart, (int) headerLength, StandardCharsets.ISO_8859_1);
        String descr = field(file, DESCR, header);
        if (field(file, FORTRAN, header).equals("True")) throw problem(file, "Fortran-order arrays are not supported");
        int[] found = parseShape(file, field(file, SHAPE, header));
        if (!Arrays.equals(found, shape)) {
            throw problem(file, "expected shape " + Arrays.toString(shape) + ", found " + Arrays.toString(found));
        }
        boolean integers = descr.equals("<i4") || descr.equals("<i8");
        if (integers != i32) throw problem(file, "expected " + (i32 ? "i32" : "f32") + " data, found '" + descr + "'");
        int width = descr.endsWith("8") ? 8 : 4;
        if (!descr.matches("<[fi][48]")) throw problem(file, "unsupported dtype '" + descr + "'");
        int count = numel(shape);
        int dataStart = (int) (headerStart + headerLength);
        if ((long) count * width > bytes.length - dataStart) throw problem(file, "holds fewer elements than its shape says");
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            int at = dataStart + i * width;
            values[i] = switch (descr) {
                case "<f4" -> buf.getFloat(at);
                case "<f8" -> (float) buf.getDouble(at);
                case "<i4" -> Float.intBitsToFloat(buf.getInt(at));
                default -> Float.intBitsToFloat(Math.toIntExact(buf.getLong(at)));
            };
        }
        return values;
    }

    /** Writes {@code values} (raw bits when {@code i32}) as a version 1.0 file of the given shape. */
    public static void write(Path file, float[] values, int[] shape, boolean i32) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) dims.append(d).append(shape.length == 1 ? "," : ", ");
        String dimsText = shape.length > 1 ? dims.substring(0, dims.length() - 2) : dims.toString();
        String dict = "{'descr': '" + (i32 ? "<i4" : "<f4") + "', 'fortran_order': False, 'shape': (" + dimsText + "), }";
        // NumPy pads the header with spaces and a newline so that the data starts 64-byte aligned.
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : values) {
            if (i32) buf.putInt(Float.floatToRawIntBits(v));
            else buf.putFloat(v);
        }
        Files.write(file, buf.array());
    }

    private static String field(Path file, Pattern p, String header) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw problem(file, "header has no " + p.pattern().split("'")[1] + " entry");
        return m.group(1);
    }

    private static int[] parseShape(Path file, String text) throws IOException {
        String[] parts = text.split(",");
        int n = 0;
        int[] dims = new int[parts.length];
        for (String part : parts) {
            if (part.isBlank()) continue;
            try {
                dims[n++] = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw problem(file, "bad shape (" + text + ")");
            }
        }
        return Arrays.copyOf(dims, n);
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    private static IOException problem(Path file, String what) {
        return new IOException(file + ": " + what);
    }
}

package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by NumPy 1.x ({@code np.save}, base64 below) are read, and written byte for byte alike. */
class NpyTest {
    /** {@code np.save(f, np.arange(6, dtype='<f4').reshape(2, 3))}. */
    private static final String ARANGE_F4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEAAAEBAAACAQAAAoEA=";
    /** {@code write_array(f, np.array([0.1, -2.5, 1e-8]), version=(2, 0))}. */
    private static final String V2_F8 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5PwAAAAAAAATAOoww4o55RT4=";
    /** {@code np.save(f, np.array([[1, -2], [3, 2**31 - 1]], dtype='<i8'))}. */
    private static final String I8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAP7/////////AwAAAAAAAAD///9/AAAAAA==";
    /** {@code np.save(f, np.asfortranarray(np.arange(4, dtype='<f4').reshape(2, 2)))}. */
    private static final String FORTRAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAQAAAgD8AAEBA";
    /** {@code np.save(f, np.arange(2, dtype='>f4'))}. */
    private static final String BIG_ENDIAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAP4AAAA==";

    @TempDir
    Path dir;

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }

    private static NpyException decodeFails(byte[] bytes) {
        return assertThrows(NpyException.class, () -> Npy.decode("x.npy", bytes));
    }

    @Test
    void writesWhatNumpyWrites() {
        Tensor t = Tensor.of(TensorType.f32(2, 3), 0, 1, 2, 3, 4, 5);
        assertArrayEquals(b64(ARANGE_F4), Npy.encode(t));
    }

    @Test
    void readsNumpyFilesOfEveryAcceptedDtype() throws NpyException {
        Tensor f4 = Npy.decode("a.npy", b64(ARANGE_F4));
        assertEquals(TensorType.f32(2, 3), f4.type());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, f4.toArray());

        Tensor f8 = Npy.decode("b.npy", b64(V2_F8));
        assertEquals(TensorType.f32(3), f8.type());
        assertArrayEquals(new double[] {0.1f, -2.5f, 1e-8f}, f8.toArray(), "rounded to f32");

        Tensor i8 = Npy.decode("c.npy", b64(I8));
        assertEquals(TensorType.i32(2, 2), i8.type());
        assertArrayEquals(new double[] {1, -2, 3, Integer.MAX_VALUE}, i8.toArray());
    }

    @Test
    void roundTripsThroughFiles() throws IOException {
        Tensor f = Tensor.of(TensorType.f32(2, 1, 3), 0.1f, -0.0, Float.MAX_VALUE, Float.MIN_VALUE, Double.NaN,
                Double.NEGATIVE_INFINITY);
        Tensor i = Tensor.of(TensorType.i32(4), Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE);
        Tensor scalar = Tensor.scalar(2.5);
        Tensor empty = Tensor.zeros(TensorType.f32(0, 3));
        for (Tensor t : new Tensor[] {f, i, scalar, empty}) {
            Path p = dir.resolve("t.npy");
            Npy.write(p, t);
            assertEquals(0, (Files.size(p) - 4 * t.size()) % 64, "header is 64-byte aligned");
            Tensor back = Npy.read(p, t.type());
            assertEquals(t.type(), back.type());
            assertEquals(Arrays.toString(t.toArray()), Arrays.toString(back.toArray()));
        }
    }

    @Test
    void writesScalarsAndVectorsWithPythonTupleSyntax() {
        String header = new String(Npy.encode(Tensor.scalar(1)), StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", header.substring(10, 65));
        header = new String(Npy.encode(Tensor.zeros(TensorType.i32(5))), StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }", header.substring(10, 67));
    }

    @Test
    void rejectsFilesThatAreNotNpy() {
        assertEquals("x.npy: not a .npy file (no \\x93NUMPY magic at its start)",
                decodeFails("PK\u0003\u0004 a zip file".getBytes(StandardCharsets.ISO_8859_1)).getMessage());
        assertEquals("x.npy: not a .npy file (no \\x93NUMPY magic at its start)", decodeFails(new byte[3]).getMessage());
        byte[] v3 = b64(ARANGE_F4);
        v3[6] = 3;
        assertEquals("x.npy: unsupported .npy format version 3.0 (1.0 and 2.0 are read)", decodeFails(v3).getMessage());
    }

    @Test
    void rejectsUnsupportedLayoutsAndDtypes() {
        assertEquals("x.npy: Fortran-order arrays are not supported; save a C-order array (np.ascontiguousarray)",
                decodeFails(b64(FORTRAN)).getMessage());
        assertEquals("x.npy: unsupported dtype '>f4' (supported: <f4, <i4, <f8, <i8)",
                decodeFails(b64(BIG_ENDIAN)).getMessage());
        byte[] i8 = b64(I8);
        i8[i8.length - 4] = 1; // the last element becomes 2^31 - 1 + 2^32
        assertEquals("x.npy: value 6442450943 at index 3 does not fit in i32", decodeFails(i8).getMessage());
    }

    @Test
    void rejectsTruncatedOrOverlongFiles() {
        byte[] full = b64(ARANGE_F4);
        assertEquals("x.npy: truncated data: shape [2,3] of <f4 needs 24 bytes, the file holds 20",
                decodeFails(Arrays.copyOf(full, full.length - 4)).getMessage());
        assertEquals("x.npy: truncated header", decodeFails(Arrays.copyOf(full, 60)).getMessage());
        assertEquals("x.npy: 2 unexpected bytes after the data", decodeFails(Arrays.copyOf(full, full.length + 2)).getMessage());
    }

    @Test
    void rejectsMalformedHeaders() {
        byte[] bytes = b64(ARANGE_F4);
        byte[] noShape = new String(bytes, StandardCharsets.ISO_8859_1).replace("'shape'", "'shope'")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("x.npy: header has no 'shape' tuple", decodeFails(noShape).getMessage());
        byte[] badTuple = new String(bytes, StandardCharsets.ISO_8859_1).replace("(2, 3)", "(2, x)")
                .getBytes(StandardCharsets.ISO_8859_1);
        NpyException e = decodeFails(badTuple);
        assertEquals("x.npy: malformed header (shape holds something other than non-negative integers at offset 54): "
                + "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", e.getMessage());
    }

    @Test
    void checksTheExpectedType() throws IOException {
        Path p = dir.resolve("x.npy");
        Npy.write(p, Tensor.zeros(TensorType.f32(4, 785)));
        NpyException e = assertThrows(NpyException.class, () -> Npy.read(p, TensorType.f32(4, 784)));
        assertEquals(p + ": expected f32[4,784], found f32[4,785]", e.getMessage());
        e = assertThrows(NpyException.class, () -> Npy.read(p, TensorType.i32(4, 785)));
        assertEquals(p + ": expected i32[4,785], found f32[4,785]", e.getMessage());
    }

    @Test
    void missingFilesAreNamed() {
        Path p = dir.resolve("missing.npy");
        assertEquals(p + ": no such file", assertThrows(NpyException.class, () -> Npy.read(p)).getMessage());
    }
}

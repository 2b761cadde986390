package nnc.ir;

import java.util.Arrays;

/**
 * A dense row-major tensor for the reference interpreter. Elements are held as doubles whatever the
 * dtype (i32 values are exact in a double), so the oracle computes in double precision. A tensor may
 * be a window into a larger array (an arena) starting at {@code offset}.
 */
public final class Tensor {
    private final TensorType type;
    private final double[] data;
    private final int offset;

    public Tensor(TensorType type, double[] data, int offset) {
        if (offset < 0 || offset + type.numel() > data.length) {
            throw new IllegalArgumentException("tensor " + type + " at " + offset + " does not fit in " + data.length);
        }
        this.type = type;
        this.data = data;
        this.offset = offset;
    }

    public static Tensor zeros(TensorType type) {
        return new Tensor(type, new double[Math.toIntExact(type.numel())], 0);
    }

    public static Tensor of(TensorType type, double... values) {
        if (values.length != type.numel()) {
            throw new IllegalArgumentException(type + " needs " + type.numel() + " values, got " + values.length);
        }
        return new Tensor(type, values.clone(), 0);
    }

    public static Tensor scalar(double v) {
        return of(TensorType.f32(), v);
    }

    public TensorType type() {
        return type;
    }

    public Shape shape() {
        return type.shape();
    }

    public int size() {
        return Math.toIntExact(type.numel());
    }

    public double get(int i) {
        return data[offset + i];
    }

    public void set(int i, double v) {
        data[offset + i] = v;
    }

    /** Stores {@code v} rounded to the tensor's dtype. */
    public void put(int i, double v) {
        data[offset + i] = type.dtype() == DType.I32 ? (double) (int) v : v;
    }

    public double[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    public Tensor copy() {
        return new Tensor(type, toArray(), 0);
    }

    public void copyFrom(Tensor src) {
        System.arraycopy(src.data, src.offset, data, offset, size());
    }

    @Override
    public String toString() {
        return type + Arrays.toString(size() <= 16 ? toArray() : Arrays.copyOf(toArray(), 16));
    }
}

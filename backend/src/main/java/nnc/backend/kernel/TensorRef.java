package nnc.backend.kernel;

import java.util.List;
import nnc.ir.DType;
import nnc.ir.TensorType;

/**
 * A tensor resolved to memory: a buffer, the element offset of its first element there, and its type.
 * Every value nnc plans is dense and row-major, so its strides follow from its shape. Elements are 4
 * bytes in both dtypes, so byte offsets and element offsets differ by a factor of 4.
 */
public record TensorRef(Buffer buffer, long offset, TensorType type) {
    public int[] strides() {
        return type.shape().strides();
    }

    public long numel() {
        return type.numel();
    }

    public DType dtype() {
        return type.dtype();
    }

    /** Whether the two tensors share any element. */
    public boolean overlaps(TensorRef other) {
        return buffer.equals(other.buffer) && offset < other.offset + other.numel() && other.offset < offset + numel();
    }

    /** The flat index of the element at {@code coords}, one index per axis. */
    public Index at(List<Index> coords) {
        int[] s = strides();
        Index flat = Index.constant(offset);
        for (int i = 0; i < s.length; i++) flat = flat.plus(coords.get(i).times(s[i]));
        return flat;
    }

    @Override
    public String toString() {
        return type + " at " + buffer + "+" + offset;
    }
}

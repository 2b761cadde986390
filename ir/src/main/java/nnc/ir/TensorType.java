package nnc.ir;

/** The type of every value: an element type and a static shape. Prints as {@code f32[32,784]}. */
public record TensorType(DType dtype, Shape shape) {
    public static TensorType f32(int... dims) {
        return new TensorType(DType.F32, Shape.of(dims));
    }

    public static TensorType i32(int... dims) {
        return new TensorType(DType.I32, Shape.of(dims));
    }

    public int rank() {
        return shape.rank();
    }

    public long numel() {
        return shape.numel();
    }

    public long bytes() {
        return numel() * dtype.bytes();
    }

    public TensorType withShape(Shape s) {
        return new TensorType(dtype, s);
    }

    @Override
    public String toString() {
        return dtype.text() + shape;
    }
}

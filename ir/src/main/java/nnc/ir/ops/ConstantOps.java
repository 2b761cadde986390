package nnc.ir.ops;

import static nnc.ir.ops.Checks.fail;

import java.util.Collections;
import java.util.List;
import nnc.ir.AttrSpec;
import nnc.ir.AttrSpec.Kind;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.FusionPattern;
import nnc.ir.GradBuilder;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.Shape;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/** Constants and dtype conversion: {@code fill} and {@code cast}. */
public final class ConstantOps {
    /** {@code fill{dtype, shape, value}}: a tensor with every element equal to {@code value}. */
    static final class Fill extends OpKind {
        Fill() {
            super("fill", FusionPattern.ELEMWISE);
        }

        @Override
        public int arity() {
            return 0;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("dtype", Kind.STRING), AttrSpec.required("shape", Kind.INTS),
                    AttrSpec.required("value", Kind.FLOAT));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            DType dtype = Checks.dtype(this, attrs, "dtype");
            List<Integer> dims = attrs.getInts("shape");
            if (dims.stream().anyMatch(d -> d < 0)) throw fail(this, "shape " + dims + " has a negative dimension");
            double v = attrs.getFloat("value");
            if (dtype == DType.I32 && (int) v != v) throw fail(this, "value " + v + " is not an i32 integer");
            return new TensorType(dtype, Shape.of(dims));
        }

        /** Only stores, no arithmetic. */
        @Override
        public long flops(List<TensorType> in, Attrs attrs, TensorType out) {
            return 0;
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            double v = attrs.getFloat("value");
            for (int i = 0; i < out.size(); i++) out.put(i, v);
        }

        /** A constant: no operands, nothing to pass on. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            return List.of();
        }
    }

    /**
     * {@code cast{dtype}}: converts every element. f32 to i32 truncates toward zero as Java's {@code (int)}
     * does (NaN becomes 0, out-of-range values saturate). No in-place reuse: the result generally has
     * another dtype than its operand.
     */
    static final class Cast extends OpKind {
        Cast() {
            super("cast", FusionPattern.ELEMWISE);
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("dtype", Kind.STRING));
        }

        @Override
        public TensorType infer(List<TensorType> in, Attrs attrs) {
            return new TensorType(Checks.dtype(this, attrs, "dtype"), in.get(0).shape());
        }

        @Override
        public void eval(List<Tensor> in, Attrs attrs, Tensor out) {
            Tensor x = in.get(0);
            for (int i = 0; i < out.size(); i++) out.put(i, x.get(i));
        }

        /** Only an f32-to-f32 cast carries a gradient (unchanged); integers have none. */
        @Override
        public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
            boolean real = n.operand(0).type().dtype() == DType.F32 && n.type().dtype() == DType.F32;
            return Collections.singletonList(real ? dOut : null);
        }
    }

    public static final OpKind FILL = new Fill();
    public static final OpKind CAST = new Cast();

    public static final List<OpKind> ALL = List.of(FILL, CAST);

    private ConstantOps() {}
}

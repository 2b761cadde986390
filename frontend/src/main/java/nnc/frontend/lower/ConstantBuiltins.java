package nnc.frontend.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.DType;
import nnc.ir.Shape;
import nnc.ir.TensorType;

/** {@code zeros}, {@code ones} and {@code full} (f32 {@code fill} constants) and the casts {@code float} and {@code int}. */
final class ConstantBuiltins {
    private ConstantBuiltins() {}

    static void addTo(Map<String, Builtin> table) {
        table.put("zeros", new Builtin(Signature.varargs("zeros", 0), c -> fill(c, 0.0)));
        table.put("ones", new Builtin(Signature.varargs("ones", 0), c -> fill(c, 1.0)));
        table.put("full", new Builtin(Signature.varargs("full", 1, "value"),
                c -> fill(c, c.args().number("value", 0.0))));
        table.put("float", new Builtin(Signature.of("float", 1, "x"), c -> cast(c, DType.F32)));
        table.put("int", new Builtin(Signature.of("int", 1, "x"), c -> cast(c, DType.I32)));
    }

    /** The dims are the positional arguments after the value, or one list of them: {@code zeros(2, 3)}, {@code zeros([2, 3])}. */
    private static Val fill(BuiltinCall c, double value) {
        List<ArgValue> rest = c.args().rest();
        String what = c.args().signatureName() + ": dimension";
        List<Integer> dims = new ArrayList<>();
        if (rest.size() == 1 && rest.get(0).value().items() != null) {
            for (int d : Expect.ints(rest.get(0).value(), rest.get(0).loc(), what)) {
                dims.add(Expect.dimension(new Val.IntVal(d), rest.get(0).loc(), what));
            }
        } else {
            for (ArgValue a : rest) dims.add(Expect.dimension(a.value(), a.loc(), what));
        }
        Sizes.check(new TensorType(DType.F32, Shape.of(dims)), c.loc());
        return c.node("fill", List.of(), Attrs.of("dtype", DType.F32.text(), "shape", dims, "value", value));
    }

    private static Val cast(BuiltinCall c, DType to) {
        Val x = c.args().get("x");
        if (x instanceof Val.TensorVal t) {
            if (t.type().dtype() == to) return t;
            return c.node("cast", List.of(t.value()), Attrs.of("dtype", to.text()));
        }
        if (!x.isNumber()) throw c.error("x", "must be a number or a tensor, got " + x.describe());
        if (to == DType.F32) return new Val.FloatVal(Val.toDouble(x));
        if (x instanceof Val.IntVal) return x;
        double d = Val.toDouble(x);
        if (Math.abs(d) >= 0x1p63) throw c.error(d + " is too large for an integer");
        return new Val.IntVal((long) d);
    }
}

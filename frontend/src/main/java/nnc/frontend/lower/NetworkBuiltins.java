package nnc.frontend.lower;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nnc.ir.Attrs;
import nnc.ir.Value;

/** Layers and losses: convolution, pooling, normalization, softmax, losses and embedding lookup. */
final class NetworkBuiltins {
    private NetworkBuiltins() {}

    static void addTo(Map<String, Builtin> table) {
        table.put("conv2d", new Builtin(Signature.of("conv2d", 2, "x", "w", "stride", "padding", "dilation", "groups"),
                NetworkBuiltins::conv2d));
        for (String pool : List.of("max_pool2d", "avg_pool2d")) {
            table.put(pool, new Builtin(Signature.of(pool, 2, "x", "kernel", "stride", "padding"), c -> pool(c, pool)));
        }
        table.put("global_avg_pool", new Builtin(Signature.of("global_avg_pool", 1, "x"),
                c -> c.node("global_avg_pool", tensors(c, "x"), Attrs.EMPTY)));
        for (String norm : List.of("batch_norm", "layer_norm")) {
            table.put(norm, new Builtin(Signature.of(norm, 3, "x", "gamma", "beta", "eps"),
                    c -> c.node(norm, tensors(c, "x", "gamma", "beta"), Attrs.of("eps", c.args().number("eps", 1e-5)))));
        }
        for (String softmax : List.of("softmax", "log_softmax")) {
            table.put(softmax, new Builtin(Signature.of(softmax, 1, "x", "axis"), c -> softmax(c, softmax)));
        }
        table.put("cross_entropy", new Builtin(Signature.of("cross_entropy", 2, "logits", "labels"),
                c -> c.node("cross_entropy", tensors(c, "logits", "labels"), Attrs.EMPTY)));
        table.put("mse", new Builtin(Signature.of("mse", 2, "a", "b"), c -> c.node("mse", tensors(c, "a", "b"), Attrs.EMPTY)));
        table.put("embedding", new Builtin(Signature.of("embedding", 2, "table", "ids"),
                c -> c.node("embedding", tensors(c, "table", "ids"), Attrs.EMPTY)));
    }

    /** The named arguments, each of which must be a tensor. */
    static List<Value> tensors(BuiltinCall c, String... names) {
        return Arrays.stream(names).map(n -> (Value) c.tensor(n).value()).toList();
    }

    private static Val conv2d(BuiltinCall c) {
        BoundArgs a = c.args();
        Attrs attrs = Attrs.of("stride", a.pair("stride", 1), "padding", a.pair("padding", 0),
                "dilation", a.pair("dilation", 1), "groups", a.smallInt("groups", 1));
        return c.node("conv2d", tensors(c, "x", "w"), attrs);
    }

    /** The stride defaults to the kernel, as in PyTorch. */
    private static Val pool(BuiltinCall c, String op) {
        BoundArgs a = c.args();
        List<Integer> kernel = a.pair("kernel", 1);
        List<Integer> stride = a.has("stride") ? a.pair("stride", 1) : kernel;
        Attrs attrs = Attrs.of("kernel", kernel, "stride", stride, "padding", a.pair("padding", 0));
        return c.node(op, tensors(c, "x"), attrs);
    }

    private static Val softmax(BuiltinCall c, String op) {
        Val.TensorVal x = c.tensor("x");
        int axis = Expect.axis(c.args().integer("axis", -1), x.type(), c.args().loc("axis"), c.args().what("axis"));
        return c.node(op, List.of(x.value()), Attrs.of("axis", axis));
    }
}

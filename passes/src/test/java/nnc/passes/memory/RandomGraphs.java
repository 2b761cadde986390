package nnc.passes.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.ir.ops.Ops;

/**
 * Random dataflow graphs of 2-d f32 values with random sizes: elementwise ops (which may overwrite an
 * operand in place), broadcasting adds, matmuls, transposes, reductions and constants, with random
 * outputs and updates, and some nodes that nothing reads.
 */
final class RandomGraphs {
    private RandomGraphs() {}

    static Graph make(long seed) {
        Random r = new Random(seed);
        Graph g = new Graph("random" + seed);
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(3); i++) {
            values.add(g.addArg("x" + i, Arg.Role.INPUT, shape(r), Attrs.EMPTY, SourceLoc.NONE));
        }
        Arg w = g.addArg("w", Arg.Role.PARAM, shape(r), Attrs.of("init", "normal", "std", 0.5), SourceLoc.NONE);
        values.add(w);
        int nodes = 5 + r.nextInt(50);
        for (int i = 0; i < nodes; i++) values.add(node(g, r, values));
        for (int i = 0; i < 1 + r.nextInt(3); i++) g.setOutput("y" + i, values.get(values.size() - 1 - r.nextInt(Math.min(8, values.size()))));
        for (Value v : values) {
            if (v instanceof Node n && n.type().equals(w.type()) && r.nextBoolean()) {
                g.setUpdate(w, n);
                break;
            }
        }
        return g;
    }

    private static TensorType shape(Random r) {
        return TensorType.f32(1 + r.nextInt(12), 1 + r.nextInt(12));
    }

    private static Node node(Graph g, Random r, List<Value> values) {
        Value a = values.get(values.size() - 1 - r.nextInt(Math.min(values.size(), 1 + r.nextInt(12))));
        int[] d = a.type().shape().dims();
        switch (r.nextInt(8)) {
            case 0:
                return g.add(Ops.byName("fill"), List.of(),
                        Attrs.of("dtype", "f32", "shape", List.of(1 + r.nextInt(12), 1 + r.nextInt(12)), "value", r.nextDouble()));
            case 1:
                return g.add(Ops.byName("transpose"), List.of(a), Attrs.of("perm", List.of(1, 0)));
            case 2:
                return g.add(Ops.byName("reduce_sum"), List.of(a), Attrs.of("axes", List.of(0), "keepdims", true));
            case 3: {
                Value b = withRows(values, r, d[1]);
                if (b != null) return g.add(Ops.byName("matmul"), List.of(a, b), Attrs.EMPTY);
                return g.add(Ops.byName("tanh"), List.of(a), Attrs.EMPTY);
            }
            case 4: {
                Value row = g.add(Ops.byName("reduce_mean"), List.of(a), Attrs.of("axes", List.of(0), "keepdims", true));
                return g.add(Ops.byName(r.nextBoolean() ? "add" : "mul"), List.of(a, row), Attrs.EMPTY);
            }
            case 5:
            case 6: {
                Value b = values.stream().filter(v -> v.type().equals(a.type()) && r.nextInt(3) == 0).findFirst().orElse(a);
                return g.add(Ops.byName(r.nextBoolean() ? "add" : "sub"), List.of(a, b), Attrs.EMPTY);
            }
            default:
                return g.add(Ops.byName(List.of("sigmoid", "tanh", "neg", "relu").get(r.nextInt(4))), List.of(a), Attrs.EMPTY);
        }
    }

    /** A value of shape [rows, anything], to multiply with, or null. */
    private static Value withRows(List<Value> values, Random r, int rows) {
        List<Value> fits = values.stream().filter(v -> v.type().shape().dim(0) == rows).toList();
        return fits.isEmpty() ? null : fits.get(r.nextInt(fits.size()));
    }
}

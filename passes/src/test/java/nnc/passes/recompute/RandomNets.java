package nnc.passes.recompute;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.ir.ops.Ops;

/**
 * Random networks of [rows, features] activations with a training clause: matmuls with params,
 * broadcast biases, elementwise activations, normalizations, residual adds, reductions and max
 * pooling, ending in a scalar loss, so that autodiff makes a training step with a stash of cheap and
 * heavy values.
 */
public final class RandomNets {
    private static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "gelu", "neg", "exp");

    private RandomNets() {}

    public static Graph make(long seed) {
        Random r = new Random(seed);
        Graph g = new Graph("net" + seed, Attrs.of("loss", "loss", "optimizer", "sgd", "lr", 0.01));
        // Many more rows than features, so that activations, not params, make the peak.
        int rows = 8 + r.nextInt(56);
        int width = 2 + r.nextInt(12);
        List<Value> values = new ArrayList<>();
        values.add(g.addArg("x", Arg.Role.INPUT, TensorType.f32(rows, width), Attrs.EMPTY, SourceLoc.NONE));
        int layers = 2 + r.nextInt(14);
        for (int i = 0; i < layers; i++) {
            // Every layer after the first reads a layer's output, so everything depends on the first's params.
            Value a = i == 0 ? values.get(0) : values.get(values.size() - 1 - r.nextInt(Math.min(values.size() - 1, 3)));
            values.add(layer(g, r, a, i == 0 ? 0 : r.nextInt(7), i));
        }
        Value last = values.get(values.size() - 1);
        Value loss = g.add(Ops.byName("reduce_mean"), List.of(last), Attrs.of("axes", List.of(0, 1), "keepdims", false));
        g.setOutput("loss", loss);
        if (r.nextBoolean()) g.setOutput("features", values.get(1 + r.nextInt(values.size() - 1)));
        return g;
    }

    /** Layer {@code i} of the given kind; kind 0, the first layer's, has params so that there is something to train. */
    private static Value layer(Graph g, Random r, Value a, int kind, int i) {
        int[] d = a.type().shape().dims();
        switch (kind) {
            case 0: {
                Arg w = param(g, "w" + i, TensorType.f32(d[1], 2 + r.nextInt(12)));
                Value h = g.add(Ops.byName("matmul"), List.of(a, w), Attrs.EMPTY);
                Arg b = param(g, "b" + i, TensorType.f32(h.type().shape().dim(1)));
                return g.add(Ops.byName("add"), List.of(h, b), Attrs.EMPTY);
            }
            case 1: {
                Arg gamma = param(g, "g" + i, TensorType.f32(d[1]));
                Arg beta = param(g, "beta" + i, TensorType.f32(d[1]));
                return g.add(Ops.byName("layer_norm"), List.of(a, gamma, beta), Attrs.EMPTY);
            }
            case 2: {
                Arg w = param(g, "w" + i, TensorType.f32(d[1], d[1]));
                Value h = g.add(Ops.byName("matmul"), List.of(a, w), Attrs.EMPTY);
                return g.add(Ops.byName("add"), List.of(g.add(Ops.byName("tanh"), List.of(h), Attrs.EMPTY), a), Attrs.EMPTY);
            }
            case 3: {
                Value mean = g.add(Ops.byName("reduce_mean"), List.of(a), Attrs.of("axes", List.of(1), "keepdims", true));
                return g.add(Ops.byName("sub"), List.of(a, mean), Attrs.EMPTY);
            }
            case 4: {
                if (d[1] < 2) break;
                // Max pooling of overlapping windows along the features, after a ReLU half the time:
                // the recompute pass may stash its indices instead of its input.
                Value x = g.add(Ops.byName("reshape"), List.of(a), Attrs.of("shape", List.of(d[0], 1, 1, d[1])));
                if (r.nextBoolean()) x = g.add(Ops.byName("relu"), List.of(x), Attrs.EMPTY);
                Value pooled = g.add(Ops.byName("max_pool2d"), List.of(x), Attrs.of("kernel", List.of(1, 2), "stride", List.of(1, 1)));
                return g.add(Ops.byName("reshape"), List.of(pooled), Attrs.of("shape", List.of(d[0], d[1] - 1)));
            }
            default:
                break;
        }
        return g.add(Ops.byName(ACTIVATIONS.get(r.nextInt(ACTIVATIONS.size()))), List.of(a), Attrs.EMPTY);
    }

    private static Arg param(Graph g, String name, TensorType t) {
        return g.addArg(name, Arg.Role.PARAM, t, Attrs.of("init", "normal", "std", 0.3), SourceLoc.NONE);
    }
}

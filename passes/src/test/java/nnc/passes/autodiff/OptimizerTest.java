package nnc.passes.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.IrParser;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.TrainingLoop;
import nnc.passes.PassManager;
import nnc.passes.PassRegistry;
import nnc.passes.Pipeline;
import org.junit.jupiter.api.Test;

/**
 * The update rules against PyTorch's formulas, written out here step by step. The loss
 * {@code sum(w * x)} has gradient x, which changes every step, so momentum and moments matter.
 */
class OptimizerTest {
    private static final double[] W0 = {0.5, -1.0, 2.0};
    private static final double[][] X = {{1, 2, -3}, {0.5, -0.25, 4}, {-2, 1, 1}, {3, 0, -1}};

    private static double[] train(String clause, int steps) {
        Graph g = IrParser.parse("""
                graph @linear {%s} {
                  input %%x : f32[3]
                  param %%w : f32[3]
                  %%0 = mul(%%w, %%x) : f32[3]
                  %%1 = reduce_sum(%%0) {axes = [0], keepdims = false} : f32[]
                  output %%loss = %%1
                }
                """.formatted(clause));
        new PassManager().verifyEach(true).run(Pipeline.parse("autodiff", PassRegistry.standard()), g);
        Map<String, Tensor> start = new HashMap<>();
        start.put("w", Tensor.of(TensorType.f32(3), W0));
        g.args().stream().filter(a -> a.role() == Arg.Role.STATE).forEach(a -> start.put(a.name(), Tensor.zeros(a.type())));
        TrainingLoop loop = new TrainingLoop(g, start);
        loop.run(steps, i -> Map.of("x", Tensor.of(TensorType.f32(3), X[i])), s -> {});
        return loop.persistent().get("w").toArray();
    }

    @Test
    void sgd() {
        double[] w = W0.clone();
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 3; i++) w[i] -= 0.1 * X[t][i];
        }
        assertArrayEquals(w, train("loss = \"loss\", lr = 0.1, optimizer = \"sgd\"", 4), 1e-12);
    }

    /** PyTorch's momentum: the buffer accumulates raw gradients and the step is lr times the buffer. */
    @Test
    void sgdWithMomentum() {
        double[] w = W0.clone();
        double[] v = new double[3];
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 3; i++) {
                v[i] = 0.9 * v[i] + X[t][i];
                w[i] -= 0.1 * v[i];
            }
        }
        assertArrayEquals(w, train("loss = \"loss\", lr = 0.1, momentum = 0.9, optimizer = \"sgd\"", 4), 1e-12);
    }

    @Test
    void adamWithBiasCorrection() {
        double lr = 0.01;
        double b1 = 0.8;
        double b2 = 0.95;
        double eps = 1e-3;
        double[] w = W0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= 4; t++) {
            for (int i = 0; i < 3; i++) {
                double g = X[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        assertArrayEquals(w, train("beta1 = 0.8, beta2 = 0.95, eps = 0.001, loss = \"loss\", lr = 0.01, optimizer = \"adam\"", 4), 1e-12);
    }

    @Test
    void adamDefaultsAreKingmaAndBas() {
        assertEquals(new Adam(0.5, 0.9, 0.999, 1e-8), Optimizer.fromAttrs(Attrs.of("optimizer", "adam", "lr", 0.5)));
        assertEquals(new Sgd(0.5, 0), Optimizer.fromAttrs(Attrs.of("optimizer", "sgd", "lr", 0.5, "loss", "l")));
    }
}

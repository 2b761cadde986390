package nnc.frontend;

import static nnc.frontend.Programs.lower;
import static nnc.frontend.Programs.nodes;
import static nnc.frontend.Programs.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class LoweringTest {
    private static final String MLP = """
            # A two-layer perceptron.
            dim batch = 32, features = 784, hidden = 128, classes = 10

            input  x: f32[batch, features]
            input  labels: i32[batch] in 0..classes
            param  w1: f32[features, hidden] = xavier
            param  b1: f32[hidden] = zeros
            param  w2: f32[hidden, classes] = normal(0.1)
            param  b2: f32[classes] = zeros

            fn dense(x, w, b) {
              return x @ w + b
            }

            logits = dense(relu(dense(x, w1, b1)), w2, b2)
            loss = cross_entropy(logits, labels)
            output logits, loss
            train loss with sgd(lr=0.1, momentum=0.9)
            """;

    @Test
    void readmeExample() {
        Graph g = Frontend.compile(new SourceFile("nets/mlp.dsl", MLP), Map.of()).graph();
        assertEquals("mlp", g.name());
        assertEquals(List.of("x", "labels", "w1", "b1", "w2", "b2"), g.args().stream().map(Arg::name).toList());
        assertEquals(TensorType.i32(32), g.arg("labels").type());
        assertEquals(Attrs.of("low", 0, "high", 10), g.arg("labels").attrs());
        assertEquals(Attrs.of("init", "xavier"), g.arg("w1").attrs());
        assertEquals(Attrs.of("init", "normal", "std", 0.1), g.arg("w2").attrs());
        assertEquals(Arg.Role.PARAM, g.arg("b1").role());
        assertEquals(List.of("matmul", "add", "relu", "matmul", "add", "cross_entropy"), ops(g));
        assertEquals(List.of("logits", "loss"), List.copyOf(g.outputs().keySet()));
        assertEquals(TensorType.f32(32, 10), g.outputs().get("logits").type());
        assertEquals(Attrs.of("loss", "loss", "optimizer", "sgd", "lr", 0.1, "momentum", 0.9), g.attrs());
    }

    @Test
    void inlinedNodesCarryThePositionsOfTheFunctionBody() {
        Graph g = lower(MLP);
        List<Node> n = g.nodes();
        assertEquals(new SourceLoc(12, 10), n.get(0).loc());
        assertEquals(new SourceLoc(12, 10), n.get(1).loc());
        assertEquals(new SourceLoc(15, 16), n.get(2).loc());
        assertEquals(new SourceLoc(16, 8), n.get(5).loc());
    }

    @Test
    void functionsTakeKeywordArgumentsAndDefaults() {
        Graph g = lower("""
                input x: f32[4]
                fn scale(v, by=2.0, shift=0.5) {
                  return v * by + shift
                }
                a = scale(x)
                b = scale(x, shift=1.5, by=3)
                output a, b
                """);
        List<Double> values = nodes(g, "fill").stream().map(n -> n.attrs().getFloat("value")).toList();
        assertEquals(List.of(2.0, 0.5, 3.0, 1.5), values);
    }

    @Test
    void loopsUnrollAndCarryVariables() {
        Graph g = lower("""
                dim steps = 3
                input x: f32[2, 5]
                h = x
                for t in 0..steps {
                  h = relu(h) + t
                }
                output h
                """);
        List<Node> relus = nodes(g, "relu");
        List<Node> adds = nodes(g, "add");
        assertEquals(3, relus.size());
        assertSame(g.arg("x"), relus.get(0).operand(0));
        assertSame(adds.get(0), relus.get(1).operand(0));
        assertSame(adds.get(1), relus.get(2).operand(0));
        assertSame(adds.get(2), g.outputs().get("h"));
        assertEquals(List.of(0.0, 1.0, 2.0), nodes(g, "fill").stream().map(n -> n.attrs().getFloat("value")).toList());
    }

    @Test
    void destructuringSplitsAndTuples() {
        Graph g = lower("""
                input x: f32[2, 8]
                fn halves(v) {
                  a, b = split(v, 2, axis=-1)
                  return b, a
                }
                p, q = halves(x)
                output p, q
                """);
        List<Node> slices = nodes(g, "slice");
        assertEquals(Attrs.of("axis", 1, "start", 0, "end", 4), slices.get(0).attrs());
        assertEquals(Attrs.of("axis", 1, "start", 4, "end", 8), slices.get(1).attrs());
        assertSame(slices.get(1), g.outputs().get("p"));
        assertSame(slices.get(0), g.outputs().get("q"));
    }

    @Test
    void indexingSlicesAndDropsAxes() {
        Graph g = lower("""
                input tokens: i32[32, 35] in 0..100
                a = tokens[:, 7]
                b = tokens[1:3]
                c = tokens[-1, -2:]
                d = tokens[:]
                output a, b, c, d
                """);
        assertEquals(List.of("slice", "reshape", "slice", "slice", "slice", "reshape"), ops(g));
        List<Node> n = g.nodes();
        assertEquals(Attrs.of("axis", 1, "start", 7, "end", 8), n.get(0).attrs());
        assertEquals(TensorType.i32(32), n.get(1).type());
        assertEquals(Attrs.of("axis", 0, "start", 1, "end", 3), n.get(2).attrs());
        assertEquals(Attrs.of("axis", 0, "start", 31, "end", 32), n.get(3).attrs());
        assertEquals(Attrs.of("axis", 1, "start", 33, "end", 35), n.get(4).attrs());
        assertEquals(TensorType.i32(2), n.get(5).type());
        assertSame(g.arg("tokens"), g.outputs().get("d"));
    }

    @Test
    void numbersMeetingTensorsBecomeScalarConstantsOfTheTensorsType() {
        Graph g = lower("""
                input x: f32[3]
                input ids: i32[3] in 0..10
                a = 1 - x / 2
                b = ids * 3
                c = minimum(relu(x), 6.0)
                output a, b, c
                """);
        List<Node> fills = nodes(g, "fill");
        assertEquals(Attrs.of("dtype", "f32", "shape", List.of(), "value", 1.0), fills.get(1).attrs());
        assertEquals(Attrs.of("dtype", "f32", "shape", List.of(), "value", 2.0), fills.get(0).attrs());
        assertEquals(Attrs.of("dtype", "i32", "shape", List.of(), "value", 3.0), fills.get(2).attrs());
        assertEquals(TensorType.i32(3), g.outputs().get("b").type());
        assertEquals("min", ((Node) g.outputs().get("c")).op().name());
        assertEquals(new SourceLoc(3, 13), fills.get(0).loc());
    }

    @Test
    void compileTimeArithmeticFolds() {
        Graph g = lower("""
                dim a = 7 // 2, b = 2 ** 3, c = -a + b * 2
                input x: f32[a, b, c]
                s = x / sqrt(4)
                output s
                """);
        assertEquals(TensorType.f32(3, 8, 13), g.arg("x").type());
        assertEquals(2.0, nodes(g, "fill").get(0).attrs().getFloat("value"));
    }

    @Test
    void dimOverridesApplyBeforeLaterDims() {
        Graph g = lower("""
                dim a = 4, b = 2 * a
                input x: f32[a, b]
                output x
                """, Map.of("a", 8));
        assertEquals(TensorType.f32(8, 16), g.arg("x").type());
    }

    @Test
    void compileTimeBranches() {
        Graph g = lower("""
                dim layers = 2
                input x: f32[4]
                if layers > 2 and not false {
                  y = tanh(x)
                } else if layers == 2 {
                  y = relu(x)
                } else {
                  y = exp(x)
                }
                output y
                """);
        assertEquals(List.of("relu"), ops(g));
    }

    @Test
    void trainClauseFillsAdamDefaultsAndOutputsTheLoss() {
        Graph g = lower("""
                input x: f32[4, 3]
                input y: f32[4, 2]
                param w: f32[3, 2] = he
                loss = mse(x @ w, y)
                train loss with adam(lr=1e-3)
                """);
        assertEquals(Attrs.of("loss", "loss", "optimizer", "adam", "lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8), g.attrs());
        assertEquals(List.of("loss"), List.copyOf(g.outputs().keySet()));
    }

    @Test
    void reductionsNormalizeAxes() {
        Graph g = lower("""
                input x: f32[2, 3, 4]
                a = mean(x, axis=-1)
                b = sum(x)
                c = max(x, axis=[2, 0], keepdims=true)
                d = maximum(x, 0.0)
                output a, b, c, d
                """);
        assertEquals(List.of("reduce_mean", "reduce_sum", "reduce_max", "fill", "max"), ops(g));
        List<Node> n = g.nodes();
        assertEquals(Attrs.of("axes", List.of(2), "keepdims", false), n.get(0).attrs());
        assertEquals(Attrs.of("axes", List.of(0, 1, 2), "keepdims", false), n.get(1).attrs());
        assertEquals(Attrs.of("axes", List.of(0, 2), "keepdims", true), n.get(2).attrs());
        assertEquals(TensorType.f32(1, 3, 1), n.get(2).type());
    }

    @Test
    void shapeBuiltins() {
        Graph g = lower("""
                input x: f32[2, 3, 4]
                a = reshape(x, [-1, 4])
                b = flatten(x)
                c = transpose(x)
                d = transpose(x, [2, 0, -2])
                e = concat([x, x], axis=-1)
                f = softmax(x)
                output a, b, c, d, e, f
                """);
        List<Node> n = g.nodes();
        assertEquals(Attrs.of("shape", List.of(6, 4)), n.get(0).attrs());
        assertEquals(Attrs.of("shape", List.of(2, 12)), n.get(1).attrs());
        assertEquals(Attrs.of("perm", List.of(0, 2, 1)), n.get(2).attrs());
        assertEquals(Attrs.of("perm", List.of(2, 0, 1)), n.get(3).attrs());
        assertEquals(Attrs.of("axis", 2), n.get(4).attrs());
        assertEquals(TensorType.f32(2, 3, 8), n.get(4).type());
        assertEquals(Attrs.of("axis", 2), n.get(5).attrs());
    }

    @Test
    void convolutionAndPoolingFillTheirOptions() {
        Graph g = lower("""
                input x: f32[1, 3, 8, 8]
                param w: f32[4, 3, 3, 3] = xavier
                y = conv2d(x, w, padding=1, stride=[1, 2])
                p = max_pool2d(y, 2)
                q = avg_pool2d(y, [2, 1], stride=1)
                output p, q
                """);
        List<Node> n = g.nodes();
        assertEquals(Attrs.of("stride", List.of(1, 2), "padding", List.of(1, 1), "dilation", List.of(1, 1), "groups", 1), n.get(0).attrs());
        assertEquals(TensorType.f32(1, 4, 8, 4), n.get(0).type());
        assertEquals(Attrs.of("kernel", List.of(2, 2), "stride", List.of(2, 2), "padding", List.of(0, 0)), n.get(1).attrs());
        assertEquals(Attrs.of("kernel", List.of(2, 1), "stride", List.of(1, 1), "padding", List.of(0, 0)), n.get(2).attrs());
    }

    @Test
    void constantsAndCasts() {
        Graph g = lower("""
                dim n = 3
                input ids: i32[n] in 0..5
                a = zeros(n, 2)
                b = full(0.5, [n])
                c = float(ids) + ones()
                d = int(c)
                e = float(c)
                output a, b, c, d, e
                """);
        List<Node> fills = nodes(g, "fill");
        assertEquals(Attrs.of("dtype", "f32", "shape", List.of(3, 2), "value", 0.0), fills.get(0).attrs());
        assertEquals(Attrs.of("dtype", "f32", "shape", List.of(3), "value", 0.5), fills.get(1).attrs());
        assertEquals(Attrs.of("dtype", "f32", "shape", List.of(), "value", 1.0), fills.get(2).attrs());
        assertEquals(List.of(Attrs.of("dtype", "f32"), Attrs.of("dtype", "i32")), nodes(g, "cast").stream().map(Node::attrs).toList());
        assertSame(g.outputs().get("c"), g.outputs().get("e"));
    }

    @Test
    void embeddingAndNorms() {
        Graph g = lower("""
                input ids: i32[2, 5] in 0..100
                param table: f32[100, 8] = normal(0.02)
                param gamma: f32[8] = ones
                param beta: f32[8] = zeros
                h = layer_norm(embedding(table, ids), gamma, beta, eps=1e-6)
                output h
                """);
        assertEquals(List.of("embedding", "layer_norm"), ops(g));
        assertEquals(Attrs.of("eps", 1e-6), g.nodes().get(1).attrs());
        assertEquals(TensorType.f32(2, 5, 8), g.outputs().get("h").type());
    }

    @Test
    void functionsCallFunctionsDeclaredLater() {
        Graph g = lower("""
                input x: f32[4]
                fn outer(v) {
                  return inner(v) * 2
                }
                fn inner(v) {
                  if true { return relu(v) }
                  return v
                }
                y = outer(x)
                output y
                """);
        assertEquals(List.of("relu", "fill", "mul"), ops(g));
    }
}

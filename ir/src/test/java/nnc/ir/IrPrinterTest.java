package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.ir.ops.Ops;
import org.junit.jupiter.api.Test;

class IrPrinterTest {
    /** The README's example graph, with a training update. */
    static Graph mlp() {
        Graph g = new Graph("mlp", Attrs.of("loss", "loss", "lr", 0.1, "momentum", 0.9, "optimizer", "sgd"));
        Arg x = g.addArg("x", Arg.Role.INPUT, TensorType.f32(32, 784), Attrs.EMPTY, SourceLoc.NONE);
        g.addArg("labels", Arg.Role.INPUT, TensorType.i32(32), Attrs.of("low", 0, "high", 10), SourceLoc.NONE);
        Arg w1 = g.addArg("w1", Arg.Role.PARAM, TensorType.f32(784, 128), Attrs.of("init", "xavier"), SourceLoc.NONE);
        Arg b1 = g.addArg("b1", Arg.Role.PARAM, TensorType.f32(128), Attrs.of("init", "zeros"), SourceLoc.NONE);
        Node mm = g.add(Ops.byName("matmul"), List.of(x, w1), Attrs.EMPTY, new SourceLoc(12, 10));
        Node add = g.add(Ops.byName("add"), List.of(mm, b1), Attrs.EMPTY, new SourceLoc(12, 10));
        Node relu = g.add(Ops.byName("relu"), List.of(add), Attrs.EMPTY, new SourceLoc(15, 15));
        Node sum = g.add(Ops.byName("reduce_sum"), List.of(relu), Attrs.of("axes", List.of(0)));
        Node step = g.add(Ops.byName("sub"), List.of(b1, sum), Attrs.EMPTY);
        g.setOutput("h", relu);
        g.setUpdate(b1, step);
        return g;
    }

    static final String MLP_TEXT = """
            graph @mlp {loss = "loss", lr = 0.1, momentum = 0.9, optimizer = "sgd"} {
              input %x : f32[32,784]
              input %labels : i32[32] {high = 10, low = 0}
              param %w1 : f32[784,128] {init = "xavier"}
              param %b1 : f32[128] {init = "zeros"}
              %0 = matmul(%x, %w1) : f32[32,128] loc(12:10)
              %1 = add(%0, %b1) : f32[32,128] loc(12:10)
              %2 = relu(%1) : f32[32,128] loc(15:15)
              %3 = reduce_sum(%2) {axes = [0], keepdims = false} : f32[128]
              %4 = sub(%b1, %3) : f32[128]
              output %h = %2
              update %b1 = %4
            }
            """;

    @Test
    void printsTheReadmeFormat() {
        assertEquals(MLP_TEXT, IrPrinter.print(mlp()));
    }

    @Test
    void numbersNodesInTopologicalOrderWithCreationOrderTies() {
        Graph g = new Graph("order");
        Arg x = g.addArg("x", Arg.Role.INPUT, TensorType.f32(4), Attrs.EMPTY, SourceLoc.NONE);
        Node first = g.add(Ops.byName("relu"), List.of(x), Attrs.EMPTY);
        Node second = g.add(Ops.byName("exp"), List.of(x), Attrs.EMPTY);
        Node third = g.add(Ops.byName("neg"), List.of(x), Attrs.EMPTY);
        g.setOperand(first, 0, third); // the first-created node now reads the last one
        g.setOutput("y", g.add(Ops.byName("add"), List.of(first, second), Attrs.EMPTY));
        assertEquals("""
                graph @order {
                  input %x : f32[4]
                  %0 = exp(%x) : f32[4]
                  %1 = neg(%x) : f32[4]
                  %2 = relu(%1) : f32[4]
                  %3 = add(%2, %0) : f32[4]
                  output %y = %3
                }
                """, IrPrinter.print(g));
    }

    @Test
    void printsOutputsInTheirOrderAndArgumentsAsOutputs() {
        Graph g = new Graph("outs");
        Arg x = g.addArg("x", Arg.Role.INPUT, TensorType.f32(), Attrs.EMPTY, SourceLoc.NONE);
        g.setOutput("z", g.add(Ops.byName("neg"), List.of(x), Attrs.EMPTY));
        g.setOutput("a", x);
        assertEquals("""
                graph @outs {
                  input %x : f32[]
                  %0 = neg(%x) : f32[]
                  output %z = %0
                  output %a = %x
                }
                """, IrPrinter.print(g));
    }

    @Test
    void formatsEveryAttributeKind() {
        Attrs a = Attrs.of("i", -3, "f", 2.5, "s", "he said \"hi\"\\\n\t", "b", true, "l", List.of(1, -2), "e", List.of());
        assertEquals("{b = true, e = [], f = 2.5, i = -3, l = [1, -2], s = \"he said \\\"hi\\\"\\\\\\n\\t\"}",
                IrPrinter.formatAttrs(a));
        assertEquals("\"\\u0001\\u007f\"", IrPrinter.quote("\u0001\u007f"));
    }

    @Test
    void formatsFloatsSoThatTheyReadBack() {
        assertEquals("0.1", IrPrinter.formatFloat(0.1));
        assertEquals("1.0E-8", IrPrinter.formatFloat(1e-8));
        assertEquals("-0.0", IrPrinter.formatFloat(-0.0));
        assertEquals("1.0", IrPrinter.formatFloat(1));
        assertEquals("3.4028234663852886E38", IrPrinter.formatFloat(Float.MAX_VALUE));
        assertEquals("nan", IrPrinter.formatFloat(Double.NaN));
        assertEquals("inf", IrPrinter.formatFloat(Double.POSITIVE_INFINITY));
        assertEquals("-inf", IrPrinter.formatFloat(Double.NEGATIVE_INFINITY));
    }
}

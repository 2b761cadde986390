package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.ir.ops.Ops;
import org.junit.jupiter.api.Test;

class IrRoundTripTest {
    private static void assertRoundTrips(Graph g) {
        String text = IrPrinter.print(g);
        Graph back = IrParser.parse(text);
        assertEquals(text, IrPrinter.print(back));
        assertEquals(g.attrs(), back.attrs());
        assertEquals(List.of(), Verifier.verify(back));
    }

    @Test
    void mlpRoundTrips() {
        assertRoundTrips(IrPrinterTest.mlp());
        assertEquals(IrPrinterTest.MLP_TEXT, IrPrinter.print(IrParser.parse(IrPrinterTest.MLP_TEXT)));
    }

    @Test
    void trickyFloatsReadBackBitForBit() {
        double[] values = {0.1, 1e-8, -0.0, 0.0, Float.MAX_VALUE, 3.4028235E38, Double.MIN_VALUE, Double.MAX_VALUE,
                1e300, -2.5e-300, 1.0 / 3, 123456789.0, 1e7, 1e-3, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        Graph g = new Graph("floats");
        for (int i = 0; i < values.length; i++) {
            g.addArg("a" + i, Arg.Role.PARAM, TensorType.f32(), Attrs.of("init", "normal", "std", values[i]), SourceLoc.NONE);
        }
        assertRoundTrips(g);
        Graph back = IrParser.parse(IrPrinter.print(g));
        for (int i = 0; i < values.length; i++) {
            double read = back.arg("a" + i).attrs().getFloat("std");
            assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits(read), "value " + values[i]);
        }
    }

    @Test
    void everyAttributeKindRoundTripsOnGraphsArgumentsAndNodes() {
        Graph g = new Graph("kinds.v-2", Attrs.of("name", "a \"quoted\"\\ line\nnext\ttab\u0001", "flag", false,
                "count", Integer.MIN_VALUE, "big", Integer.MAX_VALUE, "dims", List.of(-1, 0, 7), "none", List.of()));
        Arg x = g.addArg("x.in-1", Arg.Role.INPUT, TensorType.f32(1, 3, 8, 8), Attrs.EMPTY, SourceLoc.NONE);
        Arg w = g.addArg("w", Arg.Role.PARAM, TensorType.f32(4, 3, 3, 3), Attrs.of("init", "he"), SourceLoc.NONE);
        g.addArg("m_w", Arg.Role.STATE, TensorType.f32(4, 3, 3, 3), Attrs.of("init", "zeros", "of", "w"), SourceLoc.NONE);
        Node conv = g.add(Ops.byName("conv2d"), List.of(x, w), Attrs.of("padding", List.of(1, 1), "groups", 1),
                new SourceLoc(3, 7));
        Node mean = g.add(Ops.byName("reduce_mean"), List.of(conv), Attrs.of("axes", List.of(2, 3), "keepdims", true));
        Node c = g.add(Ops.byName("fill"), List.of(), Attrs.of("dtype", "f32", "shape", List.of(), "value", -0.0));
        Node scaled = g.add(Ops.byName("mul"), List.of(mean, c), Attrs.EMPTY);
        g.setOutput("y", scaled);
        g.setUpdate(w, w);
        assertRoundTrips(g);
    }

    @Test
    void parsingIsFreeFormAndNamesAreCanonicalizedWhenPrinted() {
        String text = """
                # RUN: header comments are ignored
                graph @g {   # so are trailing ones
                  input %x: f32[2, 3]
                  %h = relu(%x): f32[2,3] loc(1:1)
                  %out = neg(%h) : f32[2,3]
                  output %y = %out
                }
                """;
        assertEquals("""
                graph @g {
                  input %x : f32[2,3]
                  %0 = relu(%x) : f32[2,3] loc(1:1)
                  %1 = neg(%0) : f32[2,3]
                  output %y = %1
                }
                """, IrPrinter.print(IrParser.parse(text)));
    }

    @Test
    void emptyGraphRoundTrips() {
        assertRoundTrips(new Graph("empty"));
        assertEquals("graph @empty {\n}\n", IrPrinter.print(IrParser.parse("graph @empty {}")));
    }

    @Test
    void parserKeepsTypesAndAttributesAsWrittenForTheVerifier() {
        Graph g = IrParser.parse("""
                graph @bad {
                  input %x : f32[4]
                  %0 = relu(%x) {alpha = 2} : f32[4]
                  %1 = neg(%x) : f32[5]
                }
                """);
        List<String> problems = Verifier.verify(g);
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("%0 = relu(%x) {alpha = 2} : f32[4]: relu has no attribute 'alpha'", problems.get(0));
        assertEquals("%1 = neg(%x) : f32[5]: type should be f32[4] (inferred from the operands)", problems.get(1));
    }
}

package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nnc.ir.ops.Ops;
import org.junit.jupiter.api.Test;

class VerifierTest {
    /** An op with one attribute of every kind, so that schema checks do not depend on real ops. */
    private static final OpKind TAGGED = new OpKind("tagged", FusionPattern.ELEMWISE) {
        @Override
        public int arity() {
            return 1;
        }

        @Override
        public List<AttrSpec> attrSpecs() {
            return List.of(AttrSpec.required("n", AttrSpec.Kind.INT), AttrSpec.optional("f", AttrSpec.Kind.FLOAT, 1.0),
                    AttrSpec.optional("s", AttrSpec.Kind.STRING, "a"), AttrSpec.optional("b", AttrSpec.Kind.BOOL, false),
                    AttrSpec.optional("l", AttrSpec.Kind.INTS, List.of()));
        }

        @Override
        public TensorType infer(List<TensorType> operands, Attrs attrs) {
            return operands.get(0);
        }

        @Override
        public void eval(List<Tensor> operands, Attrs attrs, Tensor out) {
            out.copyFrom(operands.get(0));
        }
    };

    private final Graph g = new Graph("g");
    private final Arg x = g.addArg("x", Arg.Role.INPUT, TensorType.f32(4), Attrs.EMPTY, SourceLoc.NONE);
    private final Arg w = g.addArg("w", Arg.Role.PARAM, TensorType.f32(4), Attrs.of("init", "ones"), SourceLoc.NONE);

    private static OpKind op(String name) {
        return Ops.byName(name);
    }

    @Test
    void wellFormedGraphsHaveNoProblems() {
        assertEquals(List.of(), Verifier.verify(IrPrinterTest.mlp()));
        Node n = g.add(TAGGED, List.of(x), Attrs.of("n", 1));
        g.setOutput("y", n);
        g.setUpdate(w, g.add(op("add"), List.of(w, n), Attrs.EMPTY));
        assertEquals(List.of(), Verifier.verify(g));
        Verifier.requireValid(g);
    }

    @Test
    void wrongArity() {
        g.addTyped(op("add"), List.of(x), Attrs.EMPTY, TensorType.f32(4), new SourceLoc(2, 3));
        assertEquals(List.of("%0 = add(%x) : f32[4] loc(2:3): add takes 2 operands, got 1"), Verifier.verify(g));
    }

    @Test
    void attributesMustMatchTheSchemaCompletely() {
        g.addTyped(TAGGED, List.of(x), Attrs.of("n", 1, "f", 2, "s", "b", "b", true, "l", List.of(3)), x.type(),
                SourceLoc.NONE);
        g.addTyped(TAGGED, List.of(x), Attrs.of("n", 1.5, "f", "x", "s", 3, "b", 1, "l", true, "extra", 0), x.type(),
                SourceLoc.NONE);
        g.addTyped(TAGGED, List.of(x), Attrs.of("n", 1), x.type(), SourceLoc.NONE);
        String second = "%1 = tagged(%x) {b = 1, extra = 0, f = \"x\", l = true, n = 1.5, s = 3} : f32[4]: ";
        String third = "%2 = tagged(%x) {n = 1} : f32[4]: ";
        assertEquals(List.of(
                second + "attribute 'b' must be bool, found 1",
                second + "tagged has no attribute 'extra'",
                second + "attribute 'f' must be float, found \"x\"",
                second + "attribute 'l' must be ints, found true",
                second + "attribute 'n' must be int, found 1.5",
                second + "attribute 's' must be string, found 3",
                third + "missing attribute 'f'",
                third + "missing attribute 's'",
                third + "missing attribute 'b'",
                third + "missing attribute 'l'"), Verifier.verify(g));
    }

    @Test
    void storedTypeMustBeTheInferredOne() {
        g.addTyped(op("relu"), List.of(x), Attrs.EMPTY, TensorType.f32(5), SourceLoc.NONE);
        g.addTyped(op("add"), List.of(x, w), Attrs.EMPTY, TensorType.i32(4), SourceLoc.NONE);
        assertEquals(List.of(
                "%0 = relu(%x) : f32[5]: type should be f32[4] (inferred from the operands)",
                "%1 = add(%x, %w) : i32[4]: type should be f32[4] (inferred from the operands)"), Verifier.verify(g));
    }

    @Test
    void operandsThatDoNotFitAreReportedWithTheOpsMessage() {
        Arg y = g.addArg("y", Arg.Role.INPUT, TensorType.f32(3), Attrs.EMPTY, SourceLoc.NONE);
        g.addTyped(op("add"), List.of(x, y), Attrs.EMPTY, TensorType.f32(4), SourceLoc.NONE);
        List<String> problems = Verifier.verify(g);
        assertEquals(1, problems.size());
        assertEquals("%0 = add(%x, %y) : f32[4]: shapes [4] and [3] do not broadcast (dimension 4 vs 3)", problems.get(0));
    }

    @Test
    void operandsMustBelongToTheGraph() {
        Graph other = new Graph("other");
        Arg foreignArg = other.addArg("x", Arg.Role.INPUT, TensorType.f32(4), Attrs.EMPTY, SourceLoc.NONE);
        Node foreignNode = other.add(op("neg"), List.of(foreignArg), Attrs.EMPTY);
        g.add(op("add"), List.of(foreignArg, foreignNode), Attrs.EMPTY);
        assertEquals(List.of(
                "%0 = add(%x, %?) : f32[4]: operand 0 is not a value of graph @g",
                "%0 = add(%x, %?) : f32[4]: operand 1 is not a value of graph @g"), Verifier.verify(g));
    }

    @Test
    void cyclesAreReportedNodeByNode() {
        Node a = g.add(op("relu"), List.of(x), Attrs.EMPTY);
        Node b = g.add(op("neg"), List.of(a), Attrs.EMPTY);
        Node after = g.add(op("exp"), List.of(b), Attrs.EMPTY);
        g.setOperand(a, 0, b);
        g.setOutput("y", after);
        assertEquals(List.of("%0 = relu(%1) : f32[4]: is on a cycle", "%1 = neg(%0) : f32[4]: is on a cycle"),
                Verifier.verify(g));
    }

    @Test
    void outputsAndUpdatesMustReadGraphValuesOfTheRightType() {
        Graph other = new Graph("other");
        Arg foreign = other.addArg("v", Arg.Role.PARAM, TensorType.f32(4), Attrs.EMPTY, SourceLoc.NONE);
        Node wide = g.add(op("fill"), List.of(), Attrs.of("dtype", "f32", "shape", List.of(5), "value", 0.0));
        g.setOutput("out", foreign);
        g.setUpdate(w, wide);
        g.setUpdate(foreign, x);
        g.setUpdate(g.addArg("s", Arg.Role.STATE, TensorType.f32(4), Attrs.EMPTY, SourceLoc.NONE), foreign);
        assertEquals(List.of(
                "output %out reads a value that is not in graph @g",
                "update %w = %0: value type f32[5] differs from the argument's type f32[4]",
                "update %v = %x: the target is not an argument of graph @g",
                "update %s = %v: the value is not in graph @g"), Verifier.verify(g));
    }

    @Test
    void namesMustReadBackFromText() {
        Graph bad = new Graph("two words", Attrs.of("bad key", 1));
        bad.addArg("7", Arg.Role.INPUT, TensorType.f32(), Attrs.of("ok", 1, "not-ok", 2), SourceLoc.NONE);
        bad.setOutput("", bad.arg("7"));
        assertEquals(List.of(
                "graph name 'two words' is not a valid IR name",
                "graph @two words: attribute key 'bad key' is not an identifier",
                "argument name '7' is not a valid IR name (letters, digits, _ . -, not all digits)",
                "input %7: attribute key 'not-ok' is not an identifier",
                "output name '' is not a valid IR name"), Verifier.verify(bad));
    }

    @Test
    void requireValidListsEveryProblem() {
        g.addTyped(op("relu"), List.of(x), Attrs.EMPTY, TensorType.f32(5), SourceLoc.NONE);
        g.addTyped(op("neg"), List.of(x, x), Attrs.EMPTY, TensorType.f32(4), SourceLoc.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Verifier.requireValid(g));
        assertEquals("""
                graph @g is invalid:
                  %0 = relu(%x) : f32[5]: type should be f32[4] (inferred from the operands)
                  %1 = neg(%x, %x) : f32[4]: neg takes 1 operand, got 2""", e.getMessage());
    }
}

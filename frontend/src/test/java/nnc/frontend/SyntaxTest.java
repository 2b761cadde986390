package nnc.frontend;

import static nnc.frontend.Programs.errors;
import static nnc.frontend.Programs.lower;
import static nnc.frontend.Programs.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.ir.Graph;
import nnc.ir.TensorType;
import org.junit.jupiter.api.Test;

class SyntaxTest {
    /** The shape of input x after the given dims, which exercise compile-time arithmetic. */
    private static TensorType shapeOf(String dims, String shape) {
        return lower("dim " + dims + "\ninput x: f32[" + shape + "]\noutput x\n").arg("x").type();
    }

    @Test
    void precedenceFollowsTheReadme() {
        assertEquals(TensorType.f32(14, 5, 7, 16), shapeOf("a = 2 + 3 * 4, b = 10 - 2 - 3, c = 2 ** 2 + 3, d = 2 ** 2 ** 2", "a, b, c, d"));
        assertEquals(TensorType.f32(4, 3, 2), shapeOf("a = -(-2 ** 2), b = 7 // 2, c = -7 // 2 + 6", "a, b, c"));
    }

    @Test
    void booleanOperatorsBindAsStated() {
        Graph g = lower("""
                input x: f32[2]
                if not 1 > 2 and 2 >= 2 or false {
                  y = relu(x)
                } else {
                  y = tanh(x)
                }
                output y
                """);
        assertEquals(List.of("relu"), ops(g));
    }

    @Test
    void newlinesInsideBracketsContinueTheStatement() {
        Graph g = lower("""
                dim n = 4 # a comment
                input x: f32[
                  n,
                  3,
                ]
                y = concat(
                  [x,
                   x],   # trailing comments too
                  axis=1,
                ); z = relu(y)
                output z
                """);
        assertEquals(TensorType.f32(4, 6), g.outputs().get("z").type());
    }

    @Test
    void elseMayStartTheNextLine() {
        Graph g = lower("""
                input x: f32[2]
                if false {
                  y = relu(x)
                }
                else {
                  y = tanh(x)
                }
                output y
                """);
        assertEquals(List.of("tanh"), ops(g));
    }

    @Test
    void numberLiterals() {
        Graph g = lower("""
                dim n = 3
                input x: f32[n]
                y = x * 1.5e1 + 2e-1 - 0.25
                for i in 0..n { y = y + i }
                output y
                """);
        assertEquals(List.of(15.0, 0.2, 0.25, 0.0, 1.0, 2.0), g.nodes().stream()
                .filter(n -> n.op().name().equals("fill")).map(n -> n.attrs().getFloat("value")).toList());
    }

    @Test
    void keywordsAreReserved() {
        assertEquals(List.of("2:7: expected a name but found '='"), errors("""
                input x: f32[2]
                input = relu(x)
                """));
    }
}

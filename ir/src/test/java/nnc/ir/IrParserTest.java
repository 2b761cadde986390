package nnc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each parse error names its line and column. */
class IrParserTest {
    private static void assertError(String text, int line, int col, String reason) {
        IrParseException e = assertThrows(IrParseException.class, () -> IrParser.parse(text));
        assertEquals(reason, e.reason());
        assertEquals(line + ":" + col, e.line() + ":" + e.col(), "position of: " + reason);
        assertEquals(line + ":" + col + ": " + reason, e.getMessage());
    }

    private static final String HEAD = "graph @g {\n  input %x : f32[4]\n";

    @Test
    void unknownOp() {
        assertError(HEAD + "  %0 = frobnicate(%x) : f32[4]\n}\n", 3, 8, "unknown op 'frobnicate'");
    }

    @Test
    void undefinedValue() {
        assertError(HEAD + "  %0 = add(%x, %y) : f32[4]\n}\n", 3, 16, "undefined value %y");
        assertError(HEAD + "  %0 = relu(%0) : f32[4]\n}\n", 3, 13, "undefined value %0");
        assertError(HEAD + "  output %out = %nope\n}\n", 3, 17, "undefined value %nope");
    }

    @Test
    void duplicateNames() {
        assertError(HEAD + "  param %x : f32[4]\n}\n", 3, 9, "duplicate name %x");
        assertError(HEAD + "  %0 = relu(%x) : f32[4]\n  %0 = neg(%x) : f32[4]\n}\n", 4, 3, "duplicate name %0");
        assertError(HEAD + "  output %y = %x\n  output %y = %x\n}\n", 4, 10, "duplicate output %y");
        assertError(HEAD + "  %0 = relu(%x) {a = 1, a = 2} : f32[4]\n}\n", 3, 25, "duplicate attribute 'a'");
    }

    @Test
    void badTypes() {
        assertError(HEAD + "  %0 = relu(%x) : f16[4]\n}\n", 3, 19, "unknown dtype 'f16' (expected f32 or i32)");
        assertError(HEAD + "  %0 = relu(%x) : f32[4,-1]\n}\n", 3, 25, "negative dimension -1");
        assertError(HEAD + "  %0 = relu(%x) : f32(4)\n}\n", 3, 22, "expected '[', found '('");
        assertError(HEAD + "  %0 = relu(%x)\n}\n", 4, 1, "expected ':', found '}'");
        assertError(HEAD + "  %0 = relu(%x) : f32[99999999999]\n}\n", 3, 23, "integer 99999999999 is out of range");
    }

    @Test
    void badTokens() {
        assertError(HEAD + "  %0 = relu(%x) ; f32[4]\n}\n", 3, 17, "unexpected character ';'");
        assertError(HEAD + "  %0 = relu(% x) : f32[4]\n}\n", 3, 13, "expected a name after '%'");
        assertError(HEAD + "  %0 = relu(%x) {s = \"abc} : f32[4]\n}\n", 3, 22, "unterminated string");
        assertError(HEAD + "  %0 = relu(%x) {s = \"a\\qb\"} : f32[4]\n}\n", 3, 24, "unknown escape '\\q' in string");
        assertError(HEAD + "  %0 = relu(%x) {f = 1.e5} : f32[4]\n}\n", 3, 22, "malformed number");
        assertError(HEAD + "  %0 = relu(%x) {f = 12ab} : f32[4]\n}\n", 3, 22, "malformed number '12a'");
        assertError(HEAD + "  %0 = relu(%x) {f = maybe} : f32[4]\n}\n", 3, 22, "expected an attribute value, found 'maybe'");
        assertError(HEAD + "  %0 = relu(%x) {l = [1, 2.5]} : f32[4]\n}\n", 3, 26,
                "attribute lists hold integers only, found '2.5'");
    }

    @Test
    void badStructure() {
        assertError("grph @g {\n}\n", 1, 1, "expected 'graph', found 'grph'");
        assertError("graph g {\n}\n", 1, 7, "expected a graph name like @mlp, found 'g'");
        assertError(HEAD + "  weight %w : f32[4]\n}\n", 3, 3,
                "expected 'input', 'param', 'state', a node, 'output', 'update' or '}', found 'weight'");
        assertError(HEAD, 3, 1,
                "expected 'input', 'param', 'state', a node, 'output', 'update' or '}', found end of input");
        assertError(HEAD + "}\n}\n", 4, 1, "expected end of input after '}', found '}'");
        assertError(HEAD + "  %0 = relu(%x) : f32[4] loc(0:3)\n}\n", 3, 30, "loc line and column start at 1");
    }

    @Test
    void badUpdates() {
        assertError(HEAD + "  update %x = %x\n}\n", 3, 10,
                "cannot update input %x; only params and state are persistent");
        assertError(HEAD + "  %0 = relu(%x) : f32[4]\n  update %0 = %x\n}\n", 4, 10, "update target %0 is not an argument");
        assertError(HEAD + "  param %w : f32[4]\n  update %w = %x\n  update %w = %x\n}\n", 5, 10,
                "duplicate update of %w");
    }
}

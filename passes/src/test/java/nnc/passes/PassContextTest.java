package nnc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassContextTest {
    private static PassContext contextOf(String step) {
        Pipeline.Step s = Pipeline.parse(step, TestPasses.REGISTRY).steps().get(0);
        return new PassContext(s.pass(), s.options());
    }

    @Test
    void typedGettersReturnGivenValues() {
        PassContext ctx = contextOf("all-kinds{size=512MiB,count=7,ratio=1e-3,on=true,mode=fast}");
        assertEquals(512L << 20, ctx.bytes("size", 0));
        assertEquals(7, ctx.integer("count", 0));
        assertEquals(1e-3, ctx.number("ratio", 0));
        assertTrue(ctx.flag("on", false));
        assertEquals("fast", ctx.string("mode", "slow"));
        assertTrue(ctx.has("size"));
        assertEquals("all-kinds", ctx.passName());
    }

    @Test
    void missingOptionsGiveTheDefault() {
        PassContext ctx = contextOf("all-kinds");
        assertEquals(42, ctx.bytes("size", 42));
        assertEquals("slow", ctx.string("mode", "slow"));
        assertFalse(ctx.has("size"));
    }

    @Test
    void readingAnUndeclaredOptionOrTheWrongKindIsABug() {
        PassContext ctx = contextOf("all-kinds{count=3}");
        assertThrows(IllegalArgumentException.class, () -> ctx.integer("budget", 0));
        assertThrows(IllegalArgumentException.class, () -> ctx.bytes("count", 0));
        assertThrows(IllegalArgumentException.class, () -> ctx.has("budget"));
    }

    @Test
    void collectsErrorsInOrder() {
        PassContext ctx = new PassContext(TestPasses.NOOP, Map.of());
        ctx.error("first");
        ctx.error("second");
        assertEquals(List.of("first", "second"), ctx.errors());
    }
}

package nnc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.ir.Graph;
import org.junit.jupiter.api.Test;

class PassRegistryTest {
    private static Pass named(String name) {
        return new Pass() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean run(Graph g, PassContext ctx) {
                return false;
            }
        };
    }

    @Test
    void looksUpByNameAndListsInRegistrationOrder() {
        PassRegistry r = new PassRegistry(List.of(TestPasses.NOOP, TestPasses.NEGATE_OUTPUTS));
        assertSame(TestPasses.NEGATE_OUTPUTS, r.lookup("negate-outputs").orElseThrow());
        assertTrue(r.lookup("dne").isEmpty());
        assertEquals(List.of("noop", "negate-outputs"), r.names());
    }

    @Test
    void namesMustBeKebabCaseAndUnique() {
        for (String bad : List.of("Dne", "plan_buffers", "plan--buffers", "-dne", "dne-", "2x", "")) {
            assertThrows(IllegalArgumentException.class, () -> new PassRegistry(List.of(named(bad))), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new PassRegistry(List.of(named("dne"), named("dne"))));
    }

    @Test
    void theStandardRegistryParsesItsOwnNames() {
        PassRegistry standard = PassRegistry.standard();
        String all = String.join(",", standard.names());
        assertEquals(all, Pipeline.parse(all, standard).toString());
    }
}

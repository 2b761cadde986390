package nnc.passes;

import java.util.List;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.SourceLoc;
import nnc.ir.TensorType;
import nnc.ir.Value;
import nnc.ir.ops.UnaryOps;

/** Tiny passes for testing the framework itself, and the graph they run on. */
final class TestPasses {
    private TestPasses() {}

    /** Replaces every output {@code y} by {@code neg(y)}. */
    static final Pass NEGATE_OUTPUTS = new Pass() {
        @Override
        public String name() {
            return "negate-outputs";
        }

        @Override
        public boolean run(Graph g, PassContext ctx) {
            for (var e : List.copyOf(g.outputs().entrySet())) {
                g.setOutput(e.getKey(), g.add(UnaryOps.NEG, List.of(e.getValue()), Attrs.EMPTY));
            }
            return !g.outputs().isEmpty();
        }
    };

    /** Changes nothing. */
    static final Pass NOOP = new Pass() {
        @Override
        public String name() {
            return "noop";
        }

        @Override
        public boolean run(Graph g, PassContext ctx) {
            return false;
        }
    };

    /** Reports a user error when the arguments take more than {@code budget} bytes. */
    static final Pass BUDGET_CHECK = new Pass() {
        @Override
        public String name() {
            return "budget-check";
        }

        @Override
        public List<PassOption> options() {
            return List.of(PassOption.bytes("budget"));
        }

        @Override
        public boolean run(Graph g, PassContext ctx) {
            long bytes = g.args().stream().mapToLong(a -> a.type().bytes()).sum();
            long budget = ctx.bytes("budget", Long.MAX_VALUE);
            if (bytes > budget) ctx.error("arguments take " + bytes + " bytes, over the budget of " + budget);
            return false;
        }
    };

    /** Adds a node whose declared type contradicts its op, which the verifier must catch. */
    static final Pass BREAK_TYPES = new Pass() {
        @Override
        public String name() {
            return "break-types";
        }

        @Override
        public boolean run(Graph g, PassContext ctx) {
            Value first = g.args().get(0);
            Node bad = g.addTyped(UnaryOps.RELU, List.of(first), Attrs.EMPTY, TensorType.f32(7), SourceLoc.NONE);
            g.setOutput("bad", bad);
            return true;
        }
    };

    /** Declares one option of every kind; tests read them through a {@link PassContext}. */
    static final Pass ALL_KINDS = new Pass() {
        @Override
        public String name() {
            return "all-kinds";
        }

        @Override
        public List<PassOption> options() {
            return List.of(PassOption.bytes("size"), PassOption.integer("count"), PassOption.number("ratio"),
                    PassOption.flag("on"), PassOption.string("mode"));
        }

        @Override
        public boolean run(Graph g, PassContext ctx) {
            return false;
        }
    };

    static final PassRegistry REGISTRY = new PassRegistry(List.of(NEGATE_OUTPUTS, NOOP, BUDGET_CHECK, BREAK_TYPES, ALL_KINDS));

    /** {@code y = relu(x)} with {@code x: f32[2,3]}. */
    static Graph tiny() {
        Graph g = new Graph("tiny");
        Arg x = g.addArg("x", Arg.Role.INPUT, TensorType.f32(2, 3), Attrs.EMPTY, SourceLoc.NONE);
        g.setOutput("y", g.add(UnaryOps.RELU, List.of(x), Attrs.EMPTY));
        return g;
    }
}

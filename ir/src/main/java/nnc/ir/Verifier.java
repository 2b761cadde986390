package nnc.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.ir.ops.FusedOp;

/**
 * Checks a graph's invariants and reports every problem found, each naming the node as the printer
 * shows it ({@code %3 = add(%1, %2) : f32[4,11]: type should be f32[4,10] ...}). Nodes are numbered
 * as {@link IrPrinter} numbers them, or in creation order when the graph cannot be ordered.
 */
public final class Verifier {
    private final Graph g;
    private final ValueNames names;
    private final List<String> problems = new ArrayList<>();

    private Verifier(Graph g, List<Node> order) {
        this.g = g;
        this.names = new ValueNames(order);
    }

    /** All problems of {@code g}, in printed order; empty when the graph is well formed. */
    public static List<String> verify(Graph g) {
        List<Node> order;
        try {
            order = g.topoOrder();
        } catch (IllegalStateException cycleOrForeignOperand) {
            order = g.nodes();
        }
        Verifier v = new Verifier(g, order);
        v.checkNames();
        for (Node n : order) v.checkNode(n);
        v.checkAcyclic();
        v.checkOutputs();
        v.checkUpdates();
        // A plan is only meaningful for a well-formed graph, and its check relies on one.
        if (g.plan() != null && v.problems.isEmpty()) v.problems.addAll(PlanVerifier.problems(g, g.plan(), v.names));
        return List.copyOf(v.problems);
    }

    /** Throws {@link IllegalStateException} listing every problem, one per line, unless {@code g} is well formed. */
    public static void requireValid(Graph g) {
        List<String> problems = verify(g);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("graph @" + g.name() + " is invalid:\n  " + String.join("\n  ", problems));
        }
    }

    /** Names and keys must read back from the printed text. */
    private void checkNames() {
        if (!IrSyntax.isName(g.name())) problems.add("graph name '" + g.name() + "' is not a valid IR name");
        checkKeys("graph @" + g.name(), g.attrs());
        for (Arg a : g.args()) {
            if (!IrSyntax.isArgName(a.name())) {
                problems.add("argument name '" + a.name() + "' is not a valid IR name (letters, digits, _ . -, not all digits)");
            }
            checkKeys(a.role().text() + " %" + a.name(), a.attrs());
        }
        for (String out : g.outputs().keySet()) {
            if (!IrSyntax.isName(out)) problems.add("output name '" + out + "' is not a valid IR name");
        }
    }

    private void checkKeys(String owner, Attrs attrs) {
        for (String key : attrs.asMap().keySet()) {
            if (!IrSyntax.isIdent(key)) problems.add(owner + ": attribute key '" + key + "' is not an identifier");
        }
    }

    private void checkNode(Node n) {
        int before = problems.size();
        for (int i = 0; i < n.operands().size(); i++) {
            if (!g.contains(n.operand(i))) report(n, "operand " + i + " is not a value of graph @" + g.name());
        }
        try {
            n.op().checkArity(n.operands().size());
        } catch (ShapeException e) {
            report(n, e.getMessage());
        }
        checkAttrs(n);
        if (problems.size() > before) return;
        try {
            TensorType inferred = n.op().infer(n.operandTypes(), n.attrs());
            if (!inferred.equals(n.type())) report(n, "type should be " + inferred + " (inferred from the operands)");
        } catch (ShapeException e) {
            report(n, e.getMessage());
        }
        if (n.op() instanceof FusedOp f) checkRegion(n, f);
    }

    /** A fused node's region is a graph of its own, checked in full. */
    private void checkRegion(Node n, FusedOp f) {
        for (String p : f.regionProblems()) report(n, p);
        for (String p : verify(f.region())) report(n, "in its region: " + p);
    }

    /** Attributes must match the op's schema exactly: defaults are filled in when a node is built. */
    private void checkAttrs(Node n) {
        Map<String, AttrSpec> specs = new HashMap<>();
        for (AttrSpec s : n.op().attrSpecs()) specs.put(s.name(), s);
        for (Map.Entry<String, Object> e : n.attrs().asMap().entrySet()) {
            AttrSpec s = specs.get(e.getKey());
            if (s == null) {
                report(n, n.op().name() + " has no attribute '" + e.getKey() + "'");
            } else if (!s.accepts(e.getValue())) {
                report(n, "attribute '" + e.getKey() + "' must be " + s.expected()
                        + ", found " + IrPrinter.formatAttrValue(e.getValue()));
            }
        }
        for (AttrSpec s : n.op().attrSpecs()) {
            if (!s.flag() && !n.attrs().has(s.name())) report(n, "missing attribute '" + s.name() + "'");
        }
    }

    /** Kahn's algorithm from both ends; what is left can be neither ordered nor unordered: it is a cycle. */
    private void checkAcyclic() {
        Set<Node> left = new LinkedHashSet<>(g.nodes());
        boolean changed = true;
        while (changed) {
            changed = left.removeIf(n -> n.operands().stream().noneMatch(left::contains));
            Set<Node> read = new LinkedHashSet<>();
            for (Node n : left) {
                for (Value v : n.operands()) if (v instanceof Node p) read.add(p);
            }
            changed |= left.removeIf(n -> !read.contains(n));
        }
        for (Node n : left) report(n, "is on a cycle");
    }

    private void checkOutputs() {
        g.outputs().forEach((name, v) -> {
            if (!g.contains(v)) problems.add("output %" + name + " reads a value that is not in graph @" + g.name());
        });
    }

    private void checkUpdates() {
        g.updates().forEach((target, v) -> {
            String what = "update %" + target.name() + " = " + names.of(v);
            if (g.arg(target.name()) != target) {
                problems.add(what + ": the target is not an argument of graph @" + g.name());
            }
            if (!g.contains(v)) {
                problems.add(what + ": the value is not in graph @" + g.name());
            } else if (!v.type().equals(target.type())) {
                problems.add(what + ": value type " + v.type() + " differs from the argument's type " + target.type());
            }
        });
    }

    private void report(Node n, String problem) {
        problems.add(IrPrinter.nodeText(n, names) + ": " + problem);
    }
}

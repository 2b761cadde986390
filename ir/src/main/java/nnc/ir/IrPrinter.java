package nnc.ir;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.ir.ops.FusedOp;

/**
 * Prints a graph in the IR text format of the README ("The IR"); {@link IrParser} reads it back, and
 * {@code print(parse(text))} equals {@code text}. The text depends only on the graph's contents and
 * creation order (never on identity hashes or hash-map order), so it can be compared in golden tests.
 */
public final class IrPrinter {
    private IrPrinter() {}

    /** The whole graph, ending with a newline. Throws {@link IllegalStateException} on a cycle. */
    public static String print(Graph g) {
        List<Node> order = g.topoOrder();
        ValueNames names = new ValueNames(order);
        StringBuilder sb = new StringBuilder("graph @").append(g.name());
        appendAttrs(sb, g.attrs());
        sb.append(" {\n");
        for (Arg a : g.args()) {
            sb.append("  ").append(a.role().text()).append(" %").append(a.name()).append(" : ").append(a.type());
            appendAttrs(sb, a.attrs());
            sb.append('\n');
        }
        // A phase label starts each run of nodes of one phase (none before the first forward nodes);
        // forward values that a later phase reads are marked stashed (derived, see Stash).
        Set<Node> stashed = Stash.of(g);
        Phase phase = Phase.FORWARD;
        for (Node n : order) {
            if (n.phase() != phase) {
                phase = n.phase();
                sb.append(phase.text()).append(":\n");
            }
            sb.append("  ").append(nodeText(n, names, g.plan()));
            if (stashed.contains(n)) sb.append(" stashed");
            if (n.op() instanceof FusedOp f) appendRegion(sb, f, "  ");
            sb.append('\n');
        }
        for (Map.Entry<String, Value> e : g.outputs().entrySet()) {
            sb.append("  output %").append(e.getKey()).append(" = ").append(names.of(e.getValue())).append('\n');
        }
        for (Map.Entry<Arg, Value> e : g.updates().entrySet()) {
            sb.append("  update %").append(e.getKey().name()).append(" = ").append(names.of(e.getValue())).append('\n');
        }
        return sb.append("}\n").toString();
    }

    /** One node as printed, without indentation: {@code %3 = add(%2, %b) : f32[4,10] loc(7:9)}. */
    static String nodeText(Node n, ValueNames names) {
        return nodeText(n, names, null);
    }

    /**
     * With a plan, the node's buffer follows its type: {@code %3 = relu(%2) : f32[4,10] {bytes = 160, offset = 64}},
     * or {@code {bytes = 160, into = %w}} for an update written into its target.
     */
    static String nodeText(Node n, ValueNames names, MemoryPlan plan) {
        StringBuilder sb = new StringBuilder(names.of(n)).append(" = ").append(n.op().name()).append('(');
        for (int i = 0; i < n.operands().size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(names.of(n.operand(i)));
        }
        sb.append(')');
        appendAttrs(sb, n.attrs());
        sb.append(" : ").append(n.type());
        if (plan != null) {
            Arg into = plan.updateTarget(n);
            sb.append(" {bytes = ").append(n.type().bytes());
            if (into != null) sb.append(", into = ").append(names.of(into)).append('}');
            else sb.append(", offset = ").append(plan.offset(n)).append('}');
        }
        if (n.loc().known()) sb.append(" loc(").append(n.loc()).append(')');
        return sb.toString();
    }

    /**
     * A fused node's region after its line: {@code { ... yield %k }}, its members one level deeper
     * than {@code indent}, numbered on their own (the region reads only its {@code %argN}). Members
     * have no buffer, so none prints.
     */
    private static void appendRegion(StringBuilder sb, FusedOp f, String indent) {
        List<Node> members = f.members();
        ValueNames names = new ValueNames(members);
        sb.append(" {\n");
        for (Node m : members) {
            sb.append(indent).append("  ").append(nodeText(m, names));
            if (m.op() instanceof FusedOp inner) appendRegion(sb, inner, indent + "  ");
            sb.append('\n');
        }
        sb.append(indent).append("  yield ").append(names.of(f.result())).append('\n').append(indent).append('}');
    }

    private static void appendAttrs(StringBuilder sb, Attrs attrs) {
        if (!attrs.isEmpty()) sb.append(' ').append(formatAttrs(attrs));
    }

    /** {@code {axis = 1, keepdims = true}}: keys sorted (as {@link Attrs} keeps them). */
    public static String formatAttrs(Attrs attrs) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : attrs.asMap().entrySet()) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(e.getKey()).append(" = ").append(formatAttrValue(e.getValue()));
        }
        return sb.append('}').toString();
    }

    /** One attribute value: {@code 3}, {@code 0.1}, {@code "xavier"}, {@code true}, {@code [1, 2]}. */
    public static String formatAttrValue(Object v) {
        if (v instanceof Double d) return formatFloat(d);
        if (v instanceof String s) return quote(s);
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(l.get(i));
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }

    /**
     * {@link Double#toString}, which always has a '.' or an exponent and parses back to the same double;
     * the non-finite values print as {@code nan}, {@code inf} and {@code -inf}.
     */
    public static String formatFloat(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return Double.toString(d);
    }

    /** A double-quoted string; quotes, backslashes and control characters are escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}

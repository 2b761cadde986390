package nnc.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nnc.ir.IrLexer.Kind;
import nnc.ir.IrLexer.Token;
import nnc.ir.ops.FusedOp;
import nnc.ir.ops.Ops;

/**
 * Reads the IR text that {@link IrPrinter} writes back into a {@link Graph}. Nodes are built with
 * {@link Graph#addTyped}, keeping attributes and types exactly as written: checking them is the
 * {@link Verifier}'s job, so that a bad file can be read, verified and reported in full.
 *
 * <p>The grammar is free-form (newlines are whitespace), and a little looser than what the printer
 * writes: node results may have any name ({@code %h = relu(%x)}), since they are renumbered when
 * printed, and statements may come in any order as long as each value is defined before it is used.
 *
 * <pre>
 * graph    := 'graph' '@'name attrs? '{' stmt* '}'
 * stmt     := ('input' | 'param' | 'state') '%'name ':' type attrs?
 *           | '%'name '=' op '(' ('%'name (',' '%'name)*)? ')' attrs? ':' type buffer? ('loc' '(' int ':' int ')')? 'stashed'? region?
 *           | 'output' '%'name '=' '%'name
 *           | 'update' '%'name '=' '%'name
 *           | ('forward' | 'backward' | 'optimizer') ':'
 * type     := ('f32' | 'i32') '[' (int (',' int)*)? ']'
 * attrs    := '{' (key '=' value (',' key '=' value)*)? '}'
 * value    := int | float | 'nan' | 'inf' | '-inf' | string | 'true' | 'false' | '[' (int (',' int)*)? ']'
 * buffer   := '{' 'bytes' '=' int ',' ('offset' '=' int | 'into' '=' %name) '}'
 * region   := '{' node* 'yield' '%'name '}'        (only after op 'fused'; see FusedOp)
 * </pre>
 *
 * A {@code buffer} places the node's result in the arena of a {@link MemoryPlan}; either every node
 * has one or none does, and the nodes' written order is then the plan's schedule.
 *
 * <p>A phase label gives the {@link Phase} of the nodes after it (forward until the first label).
 * {@code stashed} may only mark a forward node that a later phase reads ({@link Stash}); the printer
 * derives the marks, so a missing one is no error.
 */
public final class IrParser {
    private final IrLexer lexer;
    /** Argument and node names in scope; lookup only, never iterated. */
    private final Map<String, Value> values = new HashMap<>();
    /** Arena offsets of the nodes read so far, when the first node had a buffer; else null. */
    private Map<Node, Long> offsets;
    /** Nodes written into a param's or state's buffer ({@code into = %w}). */
    private final Map<Node, Arg> updateTargets = new IdentityHashMap<>();
    private Graph graph;
    private Phase phase = Phase.FORWARD;
    /** Nodes written with {@code stashed}, with the word's token; checked once every node is read. */
    private final Map<Node, Token> markedStashed = new LinkedHashMap<>();
    /** Whether this parser reads a fused node's region, whose members have no buffer, phase or stash mark. */
    private final boolean inRegion;

    private IrParser(String text) {
        this.lexer = new IrLexer(text);
        this.inRegion = false;
    }

    private IrParser(IrLexer lexer, Graph region) {
        this.lexer = lexer;
        this.graph = region;
        this.inRegion = true;
    }

    /** Parses one graph; throws {@link IrParseException} at the first error. */
    public static Graph parse(String text) {
        return new IrParser(text).graph();
    }

    private Graph graph() {
        expectIdent("graph");
        Token name = expect(Kind.GRAPH, "a graph name like @mlp");
        // Graph attributes and the body both open with '{'; attributes start with 'key ='.
        boolean hasAttrs = lexer.peek(0).is(Kind.PUNCT, "{") && lexer.peek(1).kind() == Kind.IDENT
                && lexer.peek(2).is(Kind.PUNCT, "=");
        graph = new Graph(name.text(), hasAttrs ? attrs() : Attrs.EMPTY);
        expectPunct("{");
        while (!lexer.peek(0).is(Kind.PUNCT, "}")) statement();
        lexer.next();
        Token end = lexer.next();
        if (end.kind() != Kind.EOF) throw error(end, "expected end of input after '}', found " + end.describe());
        Set<Node> stashed = Stash.of(graph);
        markedStashed.forEach((n, mark) -> {
            if (!stashed.contains(n)) throw error(mark, "only a forward value that a later phase reads is stashed");
        });
        // Last: adding outputs and updates drops a graph's plan.
        if (offsets != null) graph.setPlan(new MemoryPlan(graph.topoOrder(), offsets, updateTargets));
        return graph;
    }

    private void statement() {
        Token t = lexer.peek(0);
        if (t.kind() == Kind.VALUE) {
            node();
        } else if (t.is(Kind.IDENT, "input") || t.is(Kind.IDENT, "param") || t.is(Kind.IDENT, "state")) {
            arg();
        } else if (t.is(Kind.IDENT, "output")) {
            output();
        } else if (t.is(Kind.IDENT, "update")) {
            update();
        } else if (t.kind() == Kind.IDENT && Phase.byText(t.text()) != null && lexer.peek(1).is(Kind.PUNCT, ":")) {
            phase = Phase.byText(lexer.next().text());
            lexer.next();
        } else {
            throw error(t, "expected 'input', 'param', 'state', a node, 'output', 'update' or '}', found "
                    + t.describe());
        }
    }

    private void arg() {
        Arg.Role role = Arg.Role.parse(lexer.next().text());
        Token name = definition();
        expectPunct(":");
        TensorType type = type();
        Attrs attrs = lexer.peek(0).is(Kind.PUNCT, "{") ? attrs() : Attrs.EMPTY;
        values.put(name.text(), graph.addArg(name.text(), role, type, attrs, SourceLoc.NONE));
    }

    private void node() {
        Token result = definition();
        expectPunct("=");
        Token opName = expect(Kind.IDENT, "an op name");
        boolean fused = opName.text().equals(FusedOp.NAME);
        OpKind op = Ops.byName(opName.text());
        if (op == null && !fused) throw error(opName, "unknown op '" + opName.text() + "'");
        expectPunct("(");
        List<Value> operands = new ArrayList<>();
        if (!lexer.peek(0).is(Kind.PUNCT, ")")) {
            do {
                operands.add(use());
            } while (acceptPunct(","));
        }
        expectPunct(")");
        Attrs attrs = lexer.peek(0).is(Kind.PUNCT, "{") ? attrs() : Attrs.EMPTY;
        expectPunct(":");
        TensorType type = type();
        // A fused node's region also opens with '{'; a buffer starts with 'bytes'.
        boolean hasBuffer = lexer.peek(0).is(Kind.PUNCT, "{") && (!fused || lexer.peek(1).is(Kind.IDENT, "bytes"));
        if (hasBuffer && inRegion) throw error(lexer.peek(0), "values inside a fused region have no buffer");
        Placement place = hasBuffer ? buffer(type) : null;
        boolean first = graph.nodeCount() == 0;
        if (first && place != null) offsets = new IdentityHashMap<>();
        if (!first && (place != null) != (offsets != null)) {
            throw error(result, "either every node has a {bytes = ..., offset = ...} buffer or none does; %"
                    + result.text() + (place == null ? " has none but earlier nodes have one" : " has one but earlier nodes have none"));
        }
        SourceLoc loc = lexer.peek(0).is(Kind.IDENT, "loc") ? loc() : SourceLoc.NONE;
        Token stashedMark = lexer.peek(0).is(Kind.IDENT, "stashed") ? lexer.next() : null;
        if (stashedMark != null && inRegion) throw error(stashedMark, "values inside a fused region are never stashed");
        if (fused) op = region(operands);
        Node n = graph.addTyped(op, operands, attrs, type, loc);
        n.setPhase(phase);
        if (stashedMark != null) markedStashed.put(n, stashedMark);
        values.put(result.text(), n);
        if (place != null && place.into() != null) updateTargets.put(n, place.into());
        else if (place != null) offsets.put(n, place.offset());
    }

    /**
     * {@code { node* 'yield' %name }}: a fused node's region, read by a parser of its own whose only
     * names are the region's arguments {@code %arg0, %arg1, ...} (the operands) and its members.
     */
    private FusedOp region(List<Value> operands) {
        expectPunct("{");
        Graph region = new Graph(FusedOp.NAME);
        IrParser inner = new IrParser(lexer, region);
        inner.phase = phase;
        for (int i = 0; i < operands.size(); i++) {
            String name = FusedOp.argName(i);
            inner.values.put(name, region.addArg(name, Arg.Role.INPUT, operands.get(i).type(), Attrs.EMPTY, SourceLoc.NONE));
        }
        while (!lexer.peek(0).is(Kind.IDENT, "yield")) {
            if (lexer.peek(0).kind() != Kind.VALUE) throw error(lexer.peek(0), "expected a node or 'yield', found " + lexer.peek(0).describe());
            inner.node();
        }
        lexer.next();
        Token yielded = lexer.peek(0);
        Value result = inner.use();
        if (!(result instanceof Node)) throw error(yielded, "a fused region must yield one of its own values, not an argument");
        expectPunct("}");
        region.setOutput(FusedOp.YIELD, result);
        return new FusedOp(region);
    }

    /** Where a node's result lives: at {@code offset} in the arena, or {@code into} a param's or state's buffer. */
    private record Placement(long offset, Arg into) {}

    /**
     * {@code {bytes = 160, offset = 64}}: the node's arena offset, or {@code {bytes = 160, into = %w}}:
     * an update written into its target's buffer; bytes must be what its type takes.
     */
    private Placement buffer(TensorType type) {
        expectPunct("{");
        expectIdent("bytes");
        expectPunct("=");
        Token bytes = lexer.peek(0);
        if (longLiteral() != type.bytes()) throw error(bytes, "bytes = " + bytes.text() + ", but " + type + " takes " + type.bytes());
        expectPunct(",");
        if (lexer.peek(0).is(Kind.IDENT, "into")) {
            lexer.next();
            expectPunct("=");
            Token at = lexer.peek(0);
            if (!(use() instanceof Arg target) || !target.persistent()) throw error(at, "'into' names the param or state an update is written into");
            expectPunct("}");
            return new Placement(0, target);
        }
        expectIdent("offset");
        expectPunct("=");
        Token at = lexer.peek(0);
        long offset = longLiteral();
        if (offset < 0) throw error(at, "offset must not be negative");
        expectPunct("}");
        return new Placement(offset, null);
    }

    private void output() {
        lexer.next();
        Token name = expect(Kind.VALUE, "an output name like %loss");
        expectPunct("=");
        Value v = use();
        if (graph.outputs().containsKey(name.text())) throw error(name, "duplicate output %" + name.text());
        graph.setOutput(name.text(), v);
    }

    private void update() {
        lexer.next();
        Token target = reference();
        if (!(values.get(target.text()) instanceof Arg arg)) {
            throw error(target, "update target %" + target.text() + " is not an argument");
        }
        if (!arg.persistent()) {
            throw error(target, "cannot update input %" + arg.name() + "; only params and state are persistent");
        }
        if (graph.updates().containsKey(arg)) throw error(target, "duplicate update of %" + arg.name());
        expectPunct("=");
        graph.setUpdate(arg, use());
    }

    /** A new name: {@code %x} not yet defined. */
    private Token definition() {
        Token t = expect(Kind.VALUE, "a value name like %x");
        if (values.containsKey(t.text())) throw error(t, "duplicate name %" + t.text());
        return t;
    }

    private Value use() {
        return values.get(reference().text());
    }

    /** The token of a reference to a defined value. */
    private Token reference() {
        Token t = expect(Kind.VALUE, "a value like %x");
        if (!values.containsKey(t.text())) throw error(t, "undefined value %" + t.text());
        return t;
    }

    private TensorType type() {
        Token dt = expect(Kind.IDENT, "a type like f32[4,10]");
        DType dtype;
        try {
            dtype = DType.parse(dt.text());
        } catch (IllegalArgumentException e) {
            throw error(dt, e.getMessage());
        }
        expectPunct("[");
        List<Integer> dims = new ArrayList<>();
        if (!lexer.peek(0).is(Kind.PUNCT, "]")) {
            do {
                Token d = lexer.peek(0);
                int v = intLiteral();
                if (v < 0) throw error(d, "negative dimension " + v);
                dims.add(v);
            } while (acceptPunct(","));
        }
        expectPunct("]");
        return new TensorType(dtype, Shape.of(dims));
    }

    private SourceLoc loc() {
        lexer.next();
        expectPunct("(");
        Token at = lexer.peek(0);
        int line = intLiteral();
        expectPunct(":");
        int col = intLiteral();
        expectPunct(")");
        if (line < 1 || col < 1) throw error(at, "loc line and column start at 1");
        return new SourceLoc(line, col);
    }

    private Attrs attrs() {
        expectPunct("{");
        Map<String, Object> m = new TreeMap<>();
        if (!lexer.peek(0).is(Kind.PUNCT, "}")) {
            do {
                Token key = expect(Kind.IDENT, "an attribute name");
                if (m.containsKey(key.text())) throw error(key, "duplicate attribute '" + key.text() + "'");
                expectPunct("=");
                m.put(key.text(), attrValue());
            } while (acceptPunct(","));
        }
        expectPunct("}");
        return Attrs.of(m);
    }

    private Object attrValue() {
        Token t = lexer.next();
        switch (t.kind()) {
            case INT:
                return intValue(t);
            case FLOAT:
                return t.text().equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(t.text());
            case STRING:
                return t.text();
            case IDENT:
                switch (t.text()) {
                    case "true": return true;
                    case "false": return false;
                    case "nan": return Double.NaN;
                    case "inf": return Double.POSITIVE_INFINITY;
                    default: break;
                }
                break;
            case PUNCT:
                if (t.text().equals("[")) return intListAfterBracket();
                break;
            default:
                break;
        }
        throw error(t, "expected an attribute value, found " + t.describe());
    }

    private List<Integer> intListAfterBracket() {
        List<Integer> l = new ArrayList<>();
        if (!lexer.peek(0).is(Kind.PUNCT, "]")) {
            do {
                Token t = lexer.next();
                if (t.kind() != Kind.INT) throw error(t, "attribute lists hold integers only, found " + t.describe());
                l.add(intValue(t));
            } while (acceptPunct(","));
        }
        expectPunct("]");
        return l;
    }

    private long longLiteral() {
        Token t = expect(Kind.INT, "an integer");
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw error(t, "integer " + t.text() + " is out of range");
        }
    }

    private int intLiteral() {
        return intValue(expect(Kind.INT, "an integer"));
    }

    private int intValue(Token t) {
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            throw error(t, "integer " + t.text() + " is out of range");
        }
    }

    private Token expect(Kind kind, String what) {
        Token t = lexer.next();
        if (t.kind() != kind) throw error(t, "expected " + what + ", found " + t.describe());
        return t;
    }

    private void expectIdent(String word) {
        Token t = lexer.next();
        if (!t.is(Kind.IDENT, word)) throw error(t, "expected '" + word + "', found " + t.describe());
    }

    private void expectPunct(String p) {
        Token t = lexer.next();
        if (!t.is(Kind.PUNCT, p)) throw error(t, "expected '" + p + "', found " + t.describe());
    }

    private boolean acceptPunct(String p) {
        if (!lexer.peek(0).is(Kind.PUNCT, p)) return false;
        lexer.next();
        return true;
    }

    private static IrParseException error(Token t, String reason) {
        return new IrParseException(t.line(), t.col(), reason);
    }
}

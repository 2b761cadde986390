package nnc.ir.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.ir.Arg;
import nnc.ir.Attrs;
import nnc.ir.FusionPattern;
import nnc.ir.Graph;
import nnc.ir.Node;
import nnc.ir.OpKind;
import nnc.ir.ShapeException;
import nnc.ir.SourceLoc;
import nnc.ir.Tensor;
import nnc.ir.TensorType;
import nnc.ir.Value;

/**
 * A fused group: one node whose computation is a region, a small graph of member nodes that one
 * kernel computes in one pass. The region is isolated: its arguments {@code %arg0, %arg1, ...} are
 * the node's operands in order, and its one output, {@code yield}, is the node's result. Values
 * inside a region get no buffer; members share the node's phase. There is one instance per fused node (the region is its identity),
 * so this op is not listed in {@link Ops}; the IR text spells it {@code fused(...) : T { ... yield %r }}.
 *
 * <p>Every property follows from the members: flops add up, the pattern is the least fusable
 * member's, it is cheap to recompute when every member is, and it may write over an operand that
 * only elementwise members read at the result's own shape. A region is never changed once built.
 */
public final class FusedOp extends OpKind {
    public static final String NAME = "fused";
    /** The name of the region's output. */
    public static final String YIELD = "yield";

    /** A fused op and the values its node reads, in operand order. */
    public record Fusion(FusedOp op, List<Value> operands) {}

    private final Graph region;
    private final List<Node> order;

    /** {@code region} has inputs named {@link #argName} in operand order and one output named {@link #YIELD}. */
    public FusedOp(Graph region) {
        super(NAME, leastFusable(region));
        this.region = region;
        this.order = region.topoOrder();
    }

    /** The name of the region argument standing for operand {@code i}. */
    public static String argName(int i) {
        return "arg" + i;
    }

    /**
     * Fuses {@code members}, nodes of one graph in a topological order whose last node is the only
     * one read from outside: copies them into a new region whose arguments are the values they read
     * from outside, in order of first use. The members themselves are left as they are.
     */
    public static Fusion of(List<Node> members) {
        Graph region = new Graph(NAME);
        Map<Value, Value> inside = new IdentityHashMap<>();
        Map<Value, Arg> reads = new LinkedHashMap<>();
        Node copy = null;
        for (Node m : members) {
            List<Value> operands = new ArrayList<>();
            for (Value v : m.operands()) {
                Value in = inside.get(v);
                if (in == null) {
                    in = reads.computeIfAbsent(v, k -> region.addArg(argName(reads.size()), Arg.Role.INPUT, k.type(), Attrs.EMPTY, SourceLoc.NONE));
                }
                operands.add(in);
            }
            copy = region.addTyped(m.op(), operands, m.attrs(), m.type(), m.loc());
            copy.setPhase(m.phase());
            inside.put(m, copy);
        }
        region.setOutput(YIELD, copy);
        return new Fusion(new FusedOp(region), List.copyOf(reads.keySet()));
    }

    public Graph region() {
        return region;
    }

    /** The member whose value the node yields. */
    public Node result() {
        return (Node) region.outputs().get(YIELD);
    }

    /** The members in the order they run. */
    public List<Node> members() {
        return Collections.unmodifiableList(order);
    }

    @Override
    public int arity() {
        return region.args().size();
    }

    @Override
    public TensorType infer(List<TensorType> operands, Attrs attrs) {
        List<Arg> args = region.args();
        for (int i = 0; i < args.size(); i++) {
            if (!operands.get(i).equals(args.get(i).type())) {
                throw new ShapeException(NAME + " operand " + i + " is " + operands.get(i) + " but its region reads %"
                        + args.get(i).name() + " : " + args.get(i).type());
            }
        }
        return result().type();
    }

    /** The members' flops together. */
    @Override
    public long flops(List<TensorType> operands, Attrs attrs, TensorType out) {
        long sum = 0;
        for (Node m : order) sum += m.op().flops(m.operandTypes(), m.attrs(), m.type());
        return sum;
    }

    /** A chain of cheap members is cheap; one heavy member (a matmul with its epilogue, say) is not. */
    @Override
    public boolean cheapToRecompute() {
        return order.stream().allMatch(m -> m.op().cheapToRecompute());
    }

    /**
     * The first operand of the result's type that only elementwise members of the result's shape
     * read, directly or through one another: a one-pass kernel reads each of its elements just before
     * writing the same element of the result, and {@link #eval} reads it in full before writing.
     */
    @Override
    public int inPlaceOperand() {
        List<Arg> args = region.args();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).type().equals(result().type()) && onlyElementwiseReaders(args.get(i))) return i;
        }
        return -1;
    }

    /** Any operand of the result's type that only elementwise members of the result's shape read. */
    @Override
    public boolean mayOverwrite(int k) {
        Arg arg = region.args().get(k);
        return arg.type().equals(result().type()) && onlyElementwiseReaders(arg);
    }

    private boolean onlyElementwiseReaders(Arg arg) {
        Set<Value> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        reached.add(arg);
        for (Node m : order) {
            if (m.operands().stream().noneMatch(reached::contains)) continue;
            if (m.op().pattern().compareTo(FusionPattern.BROADCAST) > 0 || !m.type().shape().equals(result().type().shape())) return false;
            reached.add(m);
        }
        return true;
    }

    /** Runs the members in order; only the result is written to {@code out}, the others to temporaries. */
    @Override
    public void eval(List<Tensor> operands, Attrs attrs, Tensor out) {
        Map<Value, Tensor> env = new IdentityHashMap<>();
        List<Arg> args = region.args();
        for (int i = 0; i < args.size(); i++) env.put(args.get(i), operands.get(i));
        Node result = result();
        for (Node m : order) {
            Tensor t = m == result ? out : Tensor.zeros(m.type());
            m.op().eval(m.operands().stream().map(env::get).toList(), m.attrs(), t);
            env.put(m, t);
        }
    }

    /**
     * Problems of the region besides those of its members: it must yield one member, and its
     * arguments must be inputs named {@code arg0, arg1, ...} in order.
     */
    public List<String> regionProblems() {
        List<String> problems = new ArrayList<>();
        if (region.outputs().size() != 1 || !(region.outputs().get(YIELD) instanceof Node)) {
            problems.add("a fused region must yield one of its own values");
        }
        if (!region.updates().isEmpty()) problems.add("a fused region updates nothing");
        List<Arg> args = region.args();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).role() != Arg.Role.INPUT || !args.get(i).name().equals(argName(i))) {
                problems.add("region argument " + i + " must be the input %" + argName(i));
            }
        }
        return problems;
    }

    private static FusionPattern leastFusable(Graph region) {
        FusionPattern p = FusionPattern.ELEMWISE;
        for (Node m : region.nodes()) {
            if (m.op().pattern().compareTo(p) > 0) p = m.op().pattern();
        }
        return p;
    }
}

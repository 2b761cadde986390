package nnc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A dataflow graph: named arguments, nodes, named outputs and persistent updates. Nodes are kept in
 * creation order; {@link #topoOrder()} gives the deterministic order used by printer and interpreter.
 */
public final class Graph {
    private final String name;
    private Attrs attrs;
    private final Map<String, Arg> args = new LinkedHashMap<>();
    private final Set<Node> nodes = new LinkedHashSet<>();
    private final Map<String, Value> outputs = new LinkedHashMap<>();
    private final Map<Arg, Value> updates = new LinkedHashMap<>();
    private long nextSeq;
    /** The buffer plan for the current nodes, or null; every change to nodes, outputs or updates drops it. */
    private MemoryPlan plan;

    public Graph(String name) {
        this(name, Attrs.EMPTY);
    }

    /** {@code attrs} holds graph-level facts, e.g. the training clause (loss name and optimizer). */
    public Graph(String name, Attrs attrs) {
        this.name = name;
        this.attrs = attrs;
    }

    public String name() {
        return name;
    }

    public Attrs attrs() {
        return attrs;
    }

    public void setAttrs(Attrs attrs) {
        this.attrs = attrs;
    }

    public Arg addArg(String name, Arg.Role role, TensorType type, Attrs attrs, SourceLoc loc) {
        if (args.containsKey(name)) throw new IllegalArgumentException("duplicate argument %" + name);
        Arg a = new Arg(name, role, type, attrs, loc);
        args.put(name, a);
        return a;
    }

    public List<Arg> args() {
        return List.copyOf(args.values());
    }

    public Arg arg(String name) {
        return args.get(name);
    }

    /** Builds a node, filling default attributes and inferring its type; throws {@link ShapeException}. */
    public Node add(OpKind op, List<? extends Value> operands, Attrs attrs, SourceLoc loc) {
        op.checkArity(operands.size());
        Attrs full = op.completeAttrs(attrs);
        TensorType t = op.infer(operands.stream().map(Value::type).toList(), full);
        return addTyped(op, operands, full, t, loc);
    }

    public Node add(OpKind op, List<? extends Value> operands, Attrs attrs) {
        return add(op, operands, attrs, SourceLoc.NONE);
    }

    /** Builds a node with a given type and attributes as they are (the IR parser; the verifier checks later). */
    public Node addTyped(OpKind op, List<? extends Value> operands, Attrs attrs, TensorType type, SourceLoc loc) {
        Node n = new Node(op, List.copyOf(operands), attrs, type, loc, nextSeq++);
        nodes.add(n);
        plan = null;
        return n;
    }

    /** All nodes in creation order. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public int nodeCount() {
        return nodes.size();
    }

    public boolean contains(Value v) {
        return v instanceof Arg a ? args.get(a.name()) == a : nodes.contains((Node) v);
    }

    public void remove(Node n) {
        nodes.remove(n);
        plan = null;
    }

    /** Puts back a node that {@link #remove} took out, last in creation order (undoing a rewrite; {@link #reorder} places it). */
    public void restore(Node n) {
        if (nodes.contains(n)) throw new IllegalArgumentException(n + " is in the graph already");
        nodes.add(n);
        plan = null;
    }

    /** Makes every operand, output and update that reads {@code from} read {@code to} instead. */
    public void replaceAllUses(Value from, Value to) {
        for (Node n : nodes) {
            for (int i = 0; i < n.operands().size(); i++) {
                if (n.operand(i) == from) n.setOperand(i, to);
            }
        }
        outputs.replaceAll((k, v) -> v == from ? to : v);
        updates.replaceAll((k, v) -> v == from ? to : v);
        plan = null;
    }

    public void setOperand(Node n, int i, Value v) {
        n.setOperand(i, v);
        plan = null;
    }

    public void setOutput(String name, Value v) {
        outputs.put(name, v);
        plan = null;
    }

    public Map<String, Value> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    public void setUpdate(Arg target, Value v) {
        if (!target.persistent()) throw new IllegalArgumentException("cannot update input %" + target.name());
        updates.put(target, v);
        plan = null;
    }

    public Map<Arg, Value> updates() {
        return Collections.unmodifiableMap(updates);
    }

    /** Values read after the step: outputs and update sources, in that order. */
    public List<Value> roots() {
        List<Value> r = new ArrayList<>(outputs.values());
        r.addAll(updates.values());
        return r;
    }

    /**
     * Makes {@code order}, a topological order of all nodes, their creation order, so that
     * {@link #topoOrder()} and the printer follow it from now on: this is how a schedule is kept.
     * Drops the plan.
     */
    public void reorder(List<Node> order) {
        if (order.size() != nodes.size()) throw new IllegalArgumentException("the order does not hold every node once");
        Set<Node> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : order) {
            if (!nodes.contains(n) || !placed.add(n)) throw new IllegalArgumentException("the order does not hold every node once");
            for (Value v : n.operands()) {
                if (v instanceof Node p && !placed.contains(p)) throw new IllegalArgumentException(n + " comes before its operand " + p);
            }
        }
        nodes.clear();
        for (Node n : order) {
            n.renumber(nodes.size());
            nodes.add(n);
        }
        nextSeq = nodes.size();
        plan = null;
    }

    /** The buffer plan of the current nodes, or null when the graph is not planned (or changed since). */
    public MemoryPlan plan() {
        return plan;
    }

    /** Attaches a plan made for the current nodes in their current order ({@link #topoOrder()}). */
    public void setPlan(MemoryPlan p) {
        if (!p.schedule().equals(topoOrder())) throw new IllegalArgumentException("the plan's schedule is not the graph's order");
        plan = p;
    }

    /** Users of every value, each user listed once per operand slot it reads the value in. */
    public Map<Value, List<Node>> users() {
        Map<Value, List<Node>> u = new IdentityHashMap<>();
        for (Node n : nodes) {
            for (Value v : n.operands()) u.computeIfAbsent(v, k -> new ArrayList<>()).add(n);
        }
        return u;
    }

    /**
     * Topological order, ties broken by creation order. Throws {@link IllegalStateException} on a cycle
     * or on an operand that is not in this graph.
     */
    public List<Node> topoOrder() {
        return topoOrder(Comparator.comparingLong(Node::seq));
    }

    /**
     * The topological order nearest {@code wanted}, an order of all nodes that may put a node before
     * its operands: each node runs as early in {@code wanted} as its operands let it.
     */
    public List<Node> topoOrderNear(List<Node> wanted) {
        Map<Node, Integer> at = new IdentityHashMap<>();
        for (Node n : wanted) at.put(n, at.size());
        if (at.size() != nodes.size() || !at.keySet().containsAll(nodes)) {
            throw new IllegalArgumentException("the order does not hold every node once");
        }
        return topoOrder(Comparator.comparingInt(at::get));
    }

    private List<Node> topoOrder(Comparator<Node> first) {
        Map<Node, Integer> pending = new HashMap<>();
        Map<Node, List<Node>> consumers = new HashMap<>();
        PriorityQueue<Node> ready = new PriorityQueue<>(first);
        for (Node n : nodes) {
            int count = 0;
            for (Value v : n.operands()) {
                if (v instanceof Node p) {
                    if (!nodes.contains(p)) throw new IllegalStateException(n + " reads " + p + ", which is not in the graph");
                    consumers.computeIfAbsent(p, k -> new ArrayList<>()).add(n);
                    count++;
                } else if (!contains(v)) {
                    throw new IllegalStateException(n + " reads " + v + ", which is not an argument of the graph");
                }
            }
            pending.put(n, count);
            if (count == 0) ready.add(n);
        }
        List<Node> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            order.add(n);
            for (Node c : consumers.getOrDefault(n, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) ready.add(c);
            }
        }
        if (order.size() != nodes.size()) throw new IllegalStateException("graph @" + name + " has a cycle");
        return order;
    }
}

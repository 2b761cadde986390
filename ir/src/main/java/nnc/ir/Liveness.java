package nnc.ir;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each node's result is live in a schedule (DESIGN.md, "Memory model"): from the step that
 * computes it to the last step that reads it. Outputs and update sources are read after the step, so
 * they live to its end, position {@link #size()}. Arguments are persistent and not tracked here, nor
 * are updates written into their target's buffer ({@link #updateTarget}) in the planned figures.
 * Steps are positions in the schedule; a value's lifetime includes both ends.
 */
public final class Liveness {
    private final List<Node> schedule;
    private final Map<Node, Integer> position = new IdentityHashMap<>();
    private final int[] lastUse;
    private final int[] inPlaceSource;
    private final Arg[] updateTarget;

    private Liveness(Graph g, List<Node> schedule) {
        this.schedule = List.copyOf(schedule);
        int n = this.schedule.size();
        lastUse = new int[n];
        for (int i = 0; i < n; i++) {
            Node node = this.schedule.get(i);
            if (position.put(node, i) != null) throw new IllegalArgumentException(node + " is scheduled twice");
            lastUse[i] = i;
            for (Value v : node.operands()) {
                if (v instanceof Node p) lastUse[position(p)] = i;
            }
        }
        for (Value v : g.roots()) {
            if (v instanceof Node p) lastUse[position(p)] = n;
        }
        updateTarget = new Arg[n];
        for (UpdatesInPlace.Candidate c : UpdatesInPlace.of(g).values()) {
            int at = position(c.source());
            if (c.readers().stream().allMatch(r -> position(r) < at)) updateTarget[at] = c.target();
        }
        inPlaceSource = new int[n];
        for (int i = 0; i < n; i++) inPlaceSource[i] = findInPlaceSource(i);
    }

    /** Liveness in the graph's own order, {@link Graph#topoOrder()}. */
    public static Liveness of(Graph g) {
        return new Liveness(g, g.topoOrder());
    }

    /** Liveness in {@code schedule}, a topological order of all of {@code g}'s nodes. */
    public static Liveness of(Graph g, List<Node> schedule) {
        return new Liveness(g, schedule);
    }

    /** Number of steps. */
    public int size() {
        return schedule.size();
    }

    public List<Node> schedule() {
        return schedule;
    }

    public Node node(int step) {
        return schedule.get(step);
    }

    /** The step computing {@code n}; throws when {@code n} is not scheduled (an operand defined later, say). */
    public int position(Node n) {
        Integer p = position.get(n);
        if (p == null) throw new IllegalArgumentException(n + " is read before it is computed, or is not in the schedule");
        return p;
    }

    /** The last step reading the result of step {@code step}: {@link #size()} when it is read after the step. */
    public int lastUse(int step) {
        return lastUse[step];
    }

    public long bytes(int step) {
        return schedule.get(step).type().bytes();
    }

    /**
     * The step whose result the node at {@code step} may overwrite in place, or -1. That is the operand
     * its op names ({@link OpKind#inPlaceOperand}), when it is a node's result of the same type whose
     * last reader is this step; the two then share one buffer.
     */
    public int inPlaceSource(int step) {
        return inPlaceSource[step];
    }

    /**
     * The param or state whose buffer the result of {@code step} is written into, or null: an update
     * source written in place ({@link UpdatesInPlace}), which every other reader of the old value runs
     * before. Such a result takes no transient bytes.
     */
    public Arg updateTarget(int step) {
        return updateTarget[step];
    }

    private int findInPlaceSource(int step) {
        if (updateTarget[step] != null) return -1;
        Node node = schedule.get(step);
        int k = node.op().inPlaceOperand();
        if (k < 0 || k >= node.operands().size() || !(node.operand(k) instanceof Node source)) return -1;
        int p = position(source);
        return lastUse[p] == step && source.type().equals(node.type()) ? p : -1;
    }

    /** Transient bytes live at each step with every result in a buffer of its own (a framework that frees dead tensors). */
    public long[] liveBytes() {
        return live(false);
    }

    /**
     * Transient bytes live at each step when results computed in place share their operand's buffer
     * and updates written in place take none.
     */
    public long[] liveBufferBytes() {
        return live(true);
    }

    private long[] live(boolean shareInPlace) {
        int n = size();
        long[] delta = new long[n + 2];
        for (int i = 0; i < n; i++) {
            if (shareInPlace && updateTarget[i] != null) continue;
            delta[i] += bytes(i);
            delta[lastUse[i] + 1] -= bytes(i);
        }
        long[] live = new long[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += delta[i];
            live[i] = sum;
            if (shareInPlace && inPlaceSource[i] >= 0) live[i] -= bytes(i);
        }
        return live;
    }

    /** The largest entry of {@code perStep}, 0 when empty. */
    public static long max(long[] perStep) {
        long m = 0;
        for (long v : perStep) m = Math.max(m, v);
        return m;
    }
}

package nnc.passes.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;
import nnc.ir.Node;

/**
 * A list scheduler that frees memory as early as it can and otherwise keeps the program's order.
 * Among the nodes whose operands are computed, it runs first a node that frees at least as many
 * bytes as its result takes (it is the last reader of operands that large), the one freeing the most
 * first; when there is none, the earliest node of the given order. So gradient contributions are
 * summed as soon as they exist and optimizer updates run as soon as their gradient is complete,
 * while the forward and backward passes keep the order that makes their activations die early.
 * (Ranking every node by its growth alone, as a plain greedy does, computes values nothing needs yet
 * early just because they are small.)
 *
 * <p>Values that depend on no input, only on params, optimizer state and constants (a learning
 * rate, a momentum term, a transposed weight), could run at any time. Optionally they run just before
 * the first node that reads them and do not hold that node back; that lets an optimizer update run as
 * soon as its gradient is complete, but also keeps its result (live to the end of the step) longer,
 * so {@link Scheduler} tries both. A node's rank changes only when it becomes the last reader of an
 * operand, once per operand, so a schedule takes O((n + e) log n) for n nodes and e operands.
 *
 * <p>Optionally, an update that may be written into its param ({@link DagIndex#updatesInPlace}) waits
 * for the param's other readers and then takes no arena bytes, so it runs as soon as it can and frees
 * its gradient; making it wait can also keep its gradient's operands alive longer, so
 * {@link Scheduler} tries both.
 *
 * <p>Optionally, it looks one step ahead (see {@link #rank}): a node that allocates may still rank as
 * freeing together with its only reader. The pair's rank changes when that reader's pending operands
 * or freed bytes do, re-filing the node costs O(log n) each time, and a node with d operands is
 * re-examined at most 2d times, so a schedule takes O((n + d·e) log n) for the largest d. It lowers the
 * peak where a running sum frees the old sum (the LSTM LM's output layer), but the budget search walks
 * further from an order without it on ResNet-50, so {@link Scheduler} tries both.
 */
final class FreeFirstSchedule {
    private static final int[] NONE = {};
    private final DagIndex dag;
    private final boolean updatesInPlace;
    private final boolean lookahead;
    /** Computed just before its first reader: it depends on no input, and something reads it. */
    private final boolean[] onDemand;
    /** Bytes a node's result adds to the live set: none for a result nothing reads (it dies at once). */
    private final long[] allocated;
    /** Bytes of the operands the node is the last unscheduled reader of, which die when it runs. */
    private final long[] freed;
    private final int[] remainingReaders;
    /** Operands not computed yet, other than those computed on demand. */
    private final int[] pendingOperands;
    private final boolean[] scheduled;
    /** The rank each ready node was filed under in {@link #ready}; a node is re-filed when it changes. */
    private final long[] filedRank;
    /** For each node, its operands that it is the only reader of (their one-step lookahead looks at it). */
    private final int[][] soleReaderOf;
    private final TreeSet<Integer> ready;
    private final List<Node> schedule;

    private FreeFirstSchedule(DagIndex dag, boolean computeOnDemand, boolean updatesInPlace, boolean lookahead) {
        this.dag = dag;
        this.lookahead = lookahead;
        this.updatesInPlace = updatesInPlace;
        int n = dag.size();
        onDemand = new boolean[n];
        allocated = new long[n];
        freed = new long[n];
        remainingReaders = new int[n];
        pendingOperands = new int[n];
        for (int i = 0; i < n; i++) {
            boolean operandsOnDemand = Arrays.stream(dag.operands[i]).allMatch(p -> onDemand[p]);
            onDemand[i] = computeOnDemand && dag.consumers[i].length > 0 && !dag.readsInput[i] && operandsOnDemand
                    && waitFor(i).length == 0 && waitedForBy(i).length == 0;
            remainingReaders[i] = dag.consumers[i].length;
            pendingOperands[i] = (int) Arrays.stream(dag.operands[i]).filter(p -> !onDemand[p]).count() + waitFor(i).length;
            boolean inArena = (remainingReaders[i] > 0 || dag.readAfterStep[i]) && !(updatesInPlace && dag.updatesInPlace[i]);
            allocated[i] = inArena ? dag.bytes[i] : 0;
            if (remainingReaders[i] == 1 && !dag.readAfterStep[i]) freed[dag.consumers[i][0]] += dag.bytes[i];
        }
        scheduled = new boolean[n];
        filedRank = new long[n];
        soleReaderOf = new int[n][];
        for (int i = 0; i < n; i++) {
            int reader = i;
            soleReaderOf[i] = Arrays.stream(dag.operands[i]).filter(p -> soleReader(p) == reader).toArray();
        }
        ready = new TreeSet<>(Comparator.comparingLong((Integer i) -> filedRank[i]).thenComparing(Comparator.naturalOrder()));
        schedule = new ArrayList<>(n);
    }

    /**
     * A freeing node ranks by how much the live bytes grow (zero or less); all others share rank 1,
     * after them. With {@link #lookahead}, one step of it: a node whose result only one node reads, which waits for
     * nothing else, ranks as the pair when running both frees at least what they allocate (a weight
     * gradient's product and the running sum it is added to, which frees the old sum).
     */
    private long rank(int i) {
        long growth = allocated[i] - freed[i];
        if (growth <= 0 || !lookahead) return growth <= 0 ? growth : 1;
        int u = soleReader(i);
        if (u >= 0 && !onDemand[u] && pendingOperands[u] == 1) {
            long pair = growth + allocated[u] - freed[u] + onDemandBytes(u);
            if (pair <= 0) return pair;
        }
        return 1;
    }

    /**
     * Bytes of the values computed on demand for {@code u} that are not computed yet: {@code u} frees
     * them when it is their last reader, but they are allocated just before it, so they free nothing.
     */
    private long onDemandBytes(int u) {
        long bytes = 0;
        for (int p : dag.operands[u]) {
            if (onDemand[p] && !scheduled[p]) bytes += dag.bytes[p];
        }
        return bytes;
    }

    /** The one node that reads {@code p}'s result, or -1 when there are several, none, or it is read after the step. */
    private int soleReader(int p) {
        return dag.consumers[p].length == 1 && !dag.readAfterStep[p] && !onDemand[p] ? dag.consumers[p][0] : -1;
    }

    private void makeReady(int i) {
        filedRank[i] = rank(i);
        ready.add(i);
    }

    /** Files ready node {@code i} anew after something its rank depends on changed. */
    private void refile(int i) {
        if (ready.remove(i)) makeReady(i);
    }

    /** {@code u}'s pending operands or freed bytes changed: so may the rank of its only-read operands. */
    private void refileSoleOperands(int u) {
        if (pendingOperands[u] != 1) return;
        for (int m : soleReaderOf[u]) {
            if (!scheduled[m]) refile(m);
        }
    }

    /**
     * The schedule of {@code dag}'s nodes; their index order is the program order it keeps to. With
     * {@code computeOnDemand}, values that depend on no input run just before their first reader. With
     * {@code updatesInPlace}, updates that may be written into their params wait for the params' other
     * readers and then take no bytes; without, they are scheduled like any node. With
     * {@code lookahead}, a node may rank as the pair it makes with its only reader.
     */
    static List<Node> of(DagIndex dag, boolean computeOnDemand, boolean updatesInPlace, boolean lookahead) {
        return new FreeFirstSchedule(dag, computeOnDemand, updatesInPlace, lookahead).run();
    }

    private int[] waitFor(int i) {
        return updatesInPlace ? dag.mustWaitFor[i] : NONE;
    }

    private int[] waitedForBy(int i) {
        return updatesInPlace ? dag.waitedForBy[i] : NONE;
    }

    private List<Node> run() {
        for (int i = 0; i < dag.size(); i++) {
            if (!onDemand[i] && pendingOperands[i] == 0) makeReady(i);
        }
        while (!ready.isEmpty()) {
            int c = ready.pollFirst();
            computeOnDemandOperands(c);
            emit(c);
        }
        return schedule;
    }

    /** Emits the on-demand values {@code c} reads that are not computed yet, each after its own operands. */
    private void computeOnDemandOperands(int c) {
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {c, 0});
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int[] operands = dag.operands[top[0]];
            if (top[1] < operands.length) {
                int p = operands[top[1]++];
                if (onDemand[p] && !scheduled[p]) stack.push(new int[] {p, 0});
            } else {
                stack.pop();
                if (top[0] != c) emit(top[0]);
            }
        }
    }

    private void emit(int c) {
        scheduled[c] = true;
        schedule.add(dag.nodes.get(c));
        for (int p : dag.operands[c]) {
            if (--remainingReaders[p] == 1 && !dag.readAfterStep[p]) lastReaderFrees(p);
        }
        for (int u : waitedForBy(c)) operandComputed(u);
        if (onDemand[c]) return;
        for (int u : dag.consumers[c]) {
            if (!onDemand[u]) operandComputed(u);
        }
    }

    private void operandComputed(int u) {
        if (--pendingOperands[u] == 0) {
            makeReady(u);
        } else {
            refileSoleOperands(u);
        }
    }

    /** {@code p} has one unscheduled reader left, which now frees it; a ready reader is re-ranked. */
    private void lastReaderFrees(int p) {
        int last = Arrays.stream(dag.consumers[p]).filter(u -> !scheduled[u]).findFirst().orElseThrow();
        freed[last] += dag.bytes[p];
        refile(last);
        refileSoleOperands(last);
    }
}

package nnc.passes.recompute;

import java.util.Arrays;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nnc.ir.Graph;
import nnc.ir.Liveness;
import nnc.ir.Node;
import nnc.ir.Phase;
import nnc.ir.UpdatesInPlace;
import nnc.ir.Value;
import nnc.passes.schedule.Scheduler;

/**
 * A training graph in a given order, as arrays, and what any {@link Choice} of recomputations would do
 * to it: which early nodes get a copy in the backward pass, where each copy runs, and the liveness
 * of the resulting order, computed exactly as {@link Liveness#liveBufferBytes} computes it for the
 * graph {@link Rematerializer} would build (tests check that they agree). Each evaluation takes
 * O(n + e), so searches may try thousands of choices.
 *
 * <p>A copy runs just before the node that needs it: the first backward reader of a recomputed
 * value, or a copy reading it. Copies read the originals of values that stay alive anyway: arguments,
 * outputs and updates, stashed values not recomputed, and kept values; other values they need are
 * copied in turn.
 */
final class RematModel {
    /**
     * The liveness of one choice: live buffer bytes at each step of its order, their peak and sum over
     * the steps, and the flops its copies cost.
     */
    record Outcome(Layout layout, long peak, long area, long[] live, long flops) {
        /** The first step where the most bytes are live. */
        int peakStep() {
            int at = 0;
            for (int s = 1; s < live.length; s++) if (live[s] > live[at]) at = s;
            return at;
        }

        /** The position in the model's order that step {@code s} runs at or just before. */
        int position(int s) {
            return layout.stepAt[s] >= 0 ? layout.stepAt[s] : layout.stepNode[s];
        }
    }

    /**
     * Where a choice's copies go. A node may have several copies, each running just before a node
     * of the model's order ({@code copyAt[i]}, ascending; null when never copied); a step is an
     * original node ({@code stepAt[s] < 0}) or the copy of {@code stepNode[s]} running before {@code stepAt[s]}.
     */
    record Layout(int[][] copyAt, int[][] copyStep, int[] stepNode, int[] stepAt, int[] stepOfOriginal) {
        boolean copied(int i) {
            return copyAt[i] != null;
        }

        /** Which nodes have a copy. */
        boolean[] copiedNodes() {
            boolean[] copied = new boolean[copyAt.length];
            for (int i = 0; i < copied.length; i++) copied[i] = copyAt[i] != null;
            return copied;
        }

        /** The step of the latest copy of {@code i} that runs before the node at {@code position}. */
        int copyBefore(int i, int position) {
            if (copyStep[i].length == 1) return copyStep[i][0];
            int k = Arrays.binarySearch(copyAt[i], position);
            return copyStep[i][k >= 0 ? k : -k - 2];
        }
    }

    private final Graph graph;
    final List<Node> order;
    final int n;
    /** Operand positions by slot; -1 for an argument. */
    final int[][] operands;
    final long[] bytes;
    final long[] flops;
    /**
     * Whether a node runs before the backward pass: a forward node, or a later-phase node that the
     * order runs before the last forward one (a scheduler hoists those that read forward values only,
     * a loss gradient or the transpose of an activation, say). Its value is computable from the
     * forward pass, so it may be recomputed like a forward value.
     */
    final boolean[] early;
    final boolean[] cheap;
    final boolean[] readAfterStep;
    /** Early nodes read by later nodes: the stash. */
    final boolean[] stashed;
    /** For a stashed node, the position of its first later reader. */
    final int[] firstLateReader;
    /** The position of a node's last early reader (its own if none; {@code n} if read after the step). */
    final int[] lastEarlyUse;
    /** For a stashed node, the position of its last later reader. */
    final int[] lastLateReader;
    /** The slot of an operand the node may overwrite in place when it dies there (same type), or -1. */
    private final int[] inPlaceSlot;
    /**
     * For an update that may be written into its param ({@link UpdatesInPlace}), the positions of the
     * param's other readers: it takes no bytes when they (and their copies) all run before it. Else null.
     */
    private final int[][] updateReaders;

    private RematModel(Graph g, List<Node> order, boolean updatesInPlace) {
        this.graph = g;
        this.order = List.copyOf(order);
        n = order.size();
        Map<Node, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) position.put(order.get(i), i);
        operands = new int[n][];
        bytes = new long[n];
        flops = new long[n];
        early = new boolean[n];
        int lastForward = -1;
        for (int i = 0; i < n; i++) if (order.get(i).phase() == Phase.FORWARD) lastForward = i;
        cheap = new boolean[n];
        readAfterStep = new boolean[n];
        stashed = new boolean[n];
        firstLateReader = new int[n];
        lastEarlyUse = new int[n];
        lastLateReader = new int[n];
        inPlaceSlot = new int[n];
        Arrays.fill(firstLateReader, Integer.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            Node node = order.get(i);
            operands[i] = node.operands().stream().mapToInt(v -> v instanceof Node p ? position.get(p) : -1).toArray();
            bytes[i] = node.type().bytes();
            flops[i] = node.op().flops(node.operandTypes(), node.attrs(), node.type());
            early[i] = node.phase() == Phase.FORWARD || i < lastForward;
            cheap[i] = node.op().cheapToRecompute();
            int k = node.op().inPlaceOperand();
            boolean canShare = k >= 0 && k < operands[i].length && operands[i][k] >= 0
                    && node.operand(k).type().equals(node.type());
            inPlaceSlot[i] = canShare ? k : -1;
            lastEarlyUse[i] = i;
            if (early[i]) {
                for (int p : operands[i]) if (p >= 0) lastEarlyUse[p] = i;
                continue;
            }
            for (int p : operands[i]) {
                if (p >= 0 && early[p]) {
                    stashed[p] = true;
                    firstLateReader[p] = Math.min(firstLateReader[p], i);
                    lastLateReader[p] = i;
                }
            }
        }
        for (Value v : g.roots()) {
            if (v instanceof Node r) {
                readAfterStep[position.get(r)] = true;
                lastEarlyUse[position.get(r)] = n;
            }
        }
        updateReaders = new int[n][];
        for (UpdatesInPlace.Candidate c : updatesInPlace ? UpdatesInPlace.of(g).values() : List.<UpdatesInPlace.Candidate>of()) {
            updateReaders[position.get(c.source())] = c.readers().stream().mapToInt(position::get).toArray();
        }
    }

    /** The model of {@code g} in the order the {@link Scheduler} picks. */
    static RematModel of(Graph g) {
        return new RematModel(g, Scheduler.order(g), true);
    }

    /**
     * The model the budget search walks first: the order the {@link Scheduler} picks without looking
     * ahead. From the order with lookahead, whose peak is lower before any recomputation, the greedy
     * path ends higher on ResNet-50 at batch 184 (4.63 against 3.80 GiB) but lower on the LSTM LM (156
     * against 167 MiB), so the search walks that one when this one's choices do not fit.
     */
    static RematModel forBudget(Graph g) {
        return new RematModel(g, Scheduler.order(g, false), true);
    }

    /**
     * The same model, but charging every update its bytes to the end of the step as if none were
     * written into its param: a coarser view of the backward pass's end that the greedy search also
     * walks, since its path (a local search) can end far lower from there. Its choices apply to the
     * graph as this model's do: both number the same order.
     */
    RematModel chargingUpdates() {
        return new RematModel(graph, order, false);
    }

    /** Whether node {@code i}'s result may take no bytes of its own: written over an operand, or into its param. */
    boolean mayTakeNoBytes(int i) {
        return inPlaceSlot[i] >= 0 || updateReaders[i] != null;
    }

    /** Whether recomputing node {@code i} could free anything: a stashed value not read after the step. */
    boolean candidate(int i) {
        return stashed[i] && !readAfterStep[i];
    }

    /**
     * Whether recomputing stashed node {@code i} frees its bytes where the node at {@code position}
     * runs: no early node or output needs it any more, and a later one still will.
     */
    boolean freesAt(int i, int position) {
        return lastEarlyUse[i] < position && position <= lastLateReader[i];
    }

    /**
     * {@code next} keeping (reading, not copying) every heavy value it copies and {@code before} did
     * not: what rebuilding cheap values without recomputing a heavy op takes.
     */
    Choice keepingHeavy(Choice before, Choice next) {
        boolean[] copiedBefore = layout(before).copiedNodes();
        while (true) {
            boolean[] copied = layout(next).copiedNodes();
            BitSet heavy = new BitSet();
            for (int i = 0; i < n; i++) {
                if (copied[i] && !copiedBefore[i] && !cheap[i]) heavy.set(i);
            }
            if (heavy.isEmpty()) return next;
            next = next.keep(heavy);
        }
    }

    /** Whether a recomputation reads node {@code i}'s original rather than copying it. */
    private boolean alive(Choice c, int i) {
        return readAfterStep[i] || stashed[i] && !c.recomputed().get(i) || c.kept().get(i);
    }

    /**
     * The copies {@code c} makes and the order they run in. A copy runs just before the first node
     * that needs it; a cheap node gets a copy for each place that needs one, rather than one copy
     * kept alive from the first need to the last (a chain rebuilt for one value would otherwise
     * leave every link alive until its own readers run), unless the choice shares it; a heavy node
     * gets one copy, which is computed once.
     */
    Layout layout(Choice c) {
        int[][] copyAt = new int[n][];
        // The positions each node is needed at, appended by its readers' copies (readers come later).
        int[][] needs = new int[n][];
        int[] needCount = new int[n];
        int copies = 0;
        for (int i = n - 1; i >= 0; i--) {
            if (!early[i]) continue;
            if (candidate(i) && c.recomputed().get(i)) append(needs, needCount, i, firstLateReader[i]);
            if (needCount[i] == 0) continue;
            int[] at = sortedDistinct(needs[i], needCount[i]);
            copyAt[i] = cheap[i] && !c.shared().get(i) ? at : new int[] {at[0]};
            copies += copyAt[i].length;
            for (int p : operands[i]) {
                if (p < 0 || alive(c, p)) continue;
                for (int position : copyAt[i]) append(needs, needCount, p, position);
            }
        }
        // Copies that run before one node run in their original order, which is topological.
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            if (copyAt[i] != null) for (int position : copyAt[i]) count[position + 1]++;
        }
        int steps = n + copies;
        int[] stepNode = new int[steps];
        int[] stepAt = new int[steps];
        int[] stepOfOriginal = new int[n];
        int[][] copyStep = new int[n][];
        // The first step of the copies before each position: those before it, plus one original each.
        int[] next = new int[n];
        int sum = 0;
        for (int p = 0; p < n; p++) {
            sum += count[p];
            next[p] = sum + p;
            stepOfOriginal[p] = next[p] + count[p + 1];
            stepNode[stepOfOriginal[p]] = p;
            stepAt[stepOfOriginal[p]] = -1;
        }
        for (int i = 0; i < n; i++) {
            if (copyAt[i] == null) continue;
            copyStep[i] = new int[copyAt[i].length];
            for (int k = 0; k < copyAt[i].length; k++) {
                int s = next[copyAt[i][k]]++;
                copyStep[i][k] = s;
                stepNode[s] = i;
                stepAt[s] = copyAt[i][k];
            }
        }
        return new Layout(copyAt, copyStep, stepNode, stepAt, stepOfOriginal);
    }

    /** The first {@code count} values of {@code values}, ascending, each once (streams cost a third of a search's time). */
    private static int[] sortedDistinct(int[] values, int count) {
        int[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int distinct = 1;
        for (int k = 1; k < count; k++) if (sorted[k] != sorted[distinct - 1]) sorted[distinct++] = sorted[k];
        return distinct == count ? sorted : Arrays.copyOf(sorted, distinct);
    }

    private static void append(int[][] lists, int[] counts, int i, int value) {
        if (lists[i] == null) lists[i] = new int[2];
        else if (counts[i] == lists[i].length) lists[i] = Arrays.copyOf(lists[i], 2 * counts[i]);
        lists[i][counts[i]++] = value;
    }

    /** The liveness of the order {@code c} gives, as {@link Liveness} would compute it for the rebuilt graph. */
    Outcome evaluate(Choice c) {
        Layout l = layout(c);
        int steps = l.stepNode.length;
        int[] lastUse = new int[steps];
        long copyFlops = 0;
        // The latest copy of each node so far: what a step reading a copy reads, found without a search.
        int[] latestCopy = new int[n];
        int[] inPlaceSource = new int[steps];
        Arrays.fill(inPlaceSource, -1);
        for (int s = 0; s < steps; s++) {
            int i = l.stepNode[s];
            lastUse[s] = s;
            for (int slot = 0; slot < operands[i].length; slot++) {
                int src = operandStep(c, l, s, slot, latestCopy);
                if (src >= 0) lastUse[src] = s;
                if (slot == inPlaceSlot[i]) inPlaceSource[s] = src;
            }
            if (l.stepAt[s] >= 0) {
                copyFlops += flops[i];
                latestCopy[i] = s;
            }
        }
        for (int i = 0; i < n; i++) {
            if (readAfterStep[i]) lastUse[l.stepOfOriginal[i]] = steps;
        }
        boolean[] intoTarget = new boolean[steps];
        long[] delta = new long[steps + 2];
        for (int s = 0; s < steps; s++) {
            intoTarget[s] = writtenIntoTarget(l, s);
            if (intoTarget[s]) continue;
            delta[s] += bytes[l.stepNode[s]];
            delta[lastUse[s] + 1] -= bytes[l.stepNode[s]];
        }
        long[] live = new long[steps];
        long sum = 0;
        long peak = 0;
        long area = 0;
        for (int s = 0; s < steps; s++) {
            sum += delta[s];
            int src = intoTarget[s] ? -1 : inPlaceSource[s];
            live[s] = src >= 0 && lastUse[src] == s ? sum - bytes[l.stepNode[s]] : sum;
            peak = Math.max(peak, live[s]);
            area += live[s];
        }
        return new Outcome(l, peak, area, live, copyFlops);
    }

    /** Whether step {@code s} is an update written into its param: every other reader of the param, and each copy of one, runs before it. */
    private boolean writtenIntoTarget(Layout l, int s) {
        int i = l.stepNode[s];
        if (updateReaders[i] == null || l.stepAt[s] >= 0) return false;
        for (int r : updateReaders[i]) {
            if (l.stepOfOriginal[r] > s) return false;
            if (l.copied(r)) for (int copy : l.copyStep[r]) if (copy > s) return false;
        }
        return true;
    }

    /**
     * The step whose result step {@code s} reads in operand {@code slot}, or -1 for an argument: a
     * copy reads the latest copy of a copied operand; a later-phase node reads the latest copy of a
     * recomputed value; everything else reads originals. {@code latestCopy}, when not null, holds the
     * latest copy step of each node before {@code s} (the caller walks the steps in order).
     */
    int operandStep(Choice c, Layout l, int s, int slot, int[] latestCopy) {
        int i = l.stepNode[s];
        int p = operands[i][slot];
        if (p < 0) return -1;
        boolean isCopy = l.stepAt[s] >= 0;
        boolean readsCopy = isCopy ? l.copied(p) : !early[i] && l.copied(p) && c.recomputed().get(p);
        if (!readsCopy) return l.stepOfOriginal[p];
        return latestCopy != null ? latestCopy[p] : l.copyBefore(p, isCopy ? l.stepAt[s] : i);
    }
}

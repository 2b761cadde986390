package nnc.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Optimizer updates computed straight into the buffer of the param or state they replace, as a
 * framework's in-place optimizer step does, rather than into the arena and copied there after the
 * step (DESIGN.md, "Memory model": such a result takes no transient bytes). An update
 * {@code update %w = %s} may be written in place when
 * <ul>
 *   <li>{@code %s} is a node's result of {@code %w}'s type that nothing reads after the step but this
 *       update (no output, no other update), and nothing reads {@code %w} after the step either;
 *   <li>{@code %s}'s op may overwrite every operand slot that reads {@code %w} ({@link OpKind#mayOverwrite}):
 *       it reads each element of the old value before writing that element of the new one;
 *   <li>no other reader of {@code %w} depends on {@code %s}, so all of them can run before it.
 * </ul>
 * In a given schedule it is written in place when every other reader of {@code %w} runs before it;
 * the scheduler orders them so.
 */
public final class UpdatesInPlace {
    /** An update source that may be written into {@code target}, once {@code readers} (the old value's other readers) have run. */
    public record Candidate(Node source, Arg target, List<Node> readers) {}

    private UpdatesInPlace() {}

    /** The candidates of {@code g}, by source node, in the order of {@link Graph#updates()}. */
    public static Map<Node, Candidate> of(Graph g) {
        Map<Value, Integer> readAfterStep = new IdentityHashMap<>();
        for (Value v : g.roots()) readAfterStep.merge(v, 1, Integer::sum);
        Map<Value, List<Node>> users = null;
        Map<Node, Candidate> candidates = new LinkedHashMap<>();
        for (Map.Entry<Arg, Value> u : g.updates().entrySet()) {
            Arg target = u.getKey();
            if (!(u.getValue() instanceof Node source) || !source.type().equals(target.type())) continue;
            if (readAfterStep.get(source) != 1 || readAfterStep.containsKey(target)) continue;
            if (!overwritesSafely(source, target)) continue;
            if (users == null) users = g.users();
            List<Node> readers = new ArrayList<>();
            for (Node r : users.getOrDefault(target, List.of())) {
                if (r != source && !readers.contains(r)) readers.add(r);
            }
            if (readers.isEmpty() || !reachesAny(source, Set.copyOf(readers), users)) {
                candidates.put(source, new Candidate(source, target, List.copyOf(readers)));
            }
        }
        return candidates;
    }

    private static boolean overwritesSafely(Node source, Arg target) {
        for (int k = 0; k < source.operands().size(); k++) {
            if (source.operand(k) == target && !source.op().mayOverwrite(k)) return false;
        }
        return true;
    }

    /** Whether a node of {@code readers} depends on {@code from}. */
    private static boolean reachesAny(Node from, Set<Node> readers, Map<Value, List<Node>> users) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            for (Node u : users.getOrDefault(todo.pop(), List.of())) {
                if (readers.contains(u)) return true;
                if (seen.add(u)) todo.push(u);
            }
        }
        return false;
    }
}

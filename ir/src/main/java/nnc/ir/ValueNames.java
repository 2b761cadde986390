package nnc.ir;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** How values are named in IR text: arguments by their name, nodes numbered densely in a given order. */
final class ValueNames {
    private final Map<Node, Integer> numbers = new IdentityHashMap<>();

    ValueNames(List<Node> order) {
        for (Node n : order) numbers.put(n, numbers.size());
    }

    /** {@code %x} for an argument, {@code %3} for a numbered node, {@code %?} for a node outside the order. */
    String of(Value v) {
        if (v instanceof Arg a) return "%" + a.name();
        Integer i = numbers.get((Node) v);
        return i == null ? "%?" : "%" + i;
    }
}

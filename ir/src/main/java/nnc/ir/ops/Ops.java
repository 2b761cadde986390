package nnc.ir.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nnc.ir.OpKind;

/** The one list of every op kind, looked up by name (IR parser, frontend) or walked (backend coverage tests). */
public final class Ops {
    private static final Map<String, OpKind> BY_NAME = new TreeMap<>();

    static {
        List<OpKind> all = new ArrayList<>();
        all.addAll(UnaryOps.ALL);
        all.addAll(UnaryOps.GRADS);
        all.addAll(BinaryOps.ALL);
        all.addAll(ConstantOps.ALL);
        all.addAll(MatmulOps.ALL);
        all.addAll(ConvOps.ALL);
        all.addAll(PoolOps.ALL);
        all.addAll(NormOps.ALL);
        all.addAll(SoftmaxOps.ALL);
        all.addAll(LossOps.ALL);
        all.addAll(ShapeOps.ALL);
        all.addAll(ReduceOps.ALL);
        all.addAll(GatherOps.ALL);
        for (OpKind op : all) {
            if (BY_NAME.put(op.name(), op) != null) throw new IllegalStateException("duplicate op " + op.name());
        }
    }

    private Ops() {}

    /** The op named {@code name}, or null. */
    public static OpKind byName(String name) {
        return BY_NAME.get(name);
    }

    /** All ops, sorted by name. */
    public static List<OpKind> all() {
        List<OpKind> l = new ArrayList<>(BY_NAME.values());
        l.sort(Comparator.comparing(OpKind::name));
        return Collections.unmodifiableList(l);
    }
}

package nnc.ir;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything target-independent about one op, declared in one place (DESIGN.md, "Ops"): name, arity,
 * attribute schema, type inference, fusion pattern, cost, recompute hints and reference semantics.
 * Each op family lives in one file under {@code nnc.ir.ops}; {@link nnc.ir.ops.Ops} lists them all.
 */
public abstract class OpKind {
    /** Arity value meaning "any number of operands, at least one". */
    public static final int VARIADIC = -1;

    private final String name;
    private final FusionPattern pattern;

    protected OpKind(String name, FusionPattern pattern) {
        this.name = name;
        this.pattern = pattern;
    }

    public final String name() {
        return name;
    }

    public final FusionPattern pattern() {
        return pattern;
    }

    /** Number of operands, or {@link #VARIADIC}. */
    public abstract int arity();

    /** Attribute schema; defaults are filled in when a node is built so that printed IR is explicit. */
    public List<AttrSpec> attrSpecs() {
        return List.of();
    }

    /**
     * Infers the result type from operand types and (complete) attributes.
     *
     * @throws ShapeException with a plain message naming the shapes when the operands do not fit
     */
    public abstract TensorType infer(List<TensorType> operands, Attrs attrs);

    /** Floating point operations to compute one result; elementwise ops count one per element. */
    public long flops(List<TensorType> operands, Attrs attrs, TensorType result) {
        return result.numel();
    }

    /** Whether the recompute pass may rebuild this value instead of stashing it. */
    public boolean cheapToRecompute() {
        return pattern.compareTo(FusionPattern.INJECTIVE) <= 0;
    }

    /**
     * Index of an operand whose buffer the result may overwrite in place, or -1. The planner uses it
     * when that operand has the result's type and dies at this node; {@link #eval} must then give the
     * same result with {@code out} sharing that operand's elements: it must never read element
     * {@code i} of that operand after writing element {@code i} of the result.
     */
    public int inPlaceOperand() {
        return -1;
    }

    /**
     * Whether {@link #eval} (and every target's kernel) gives the same result with {@code out} sharing
     * the elements of operand {@code k} of the result's type: it never reads element {@code i} of that
     * operand after writing element {@code i} of the result. {@link #inPlaceOperand} is one such operand.
     */
    public boolean mayOverwrite(int k) {
        return k == inPlaceOperand();
    }

    /**
     * Reference semantics, used by the interpreter (the oracle for every pass and backend). Writes the
     * result into {@code out}, which has the node's type and is not aliased with any input except as
     * {@link #inPlaceOperand} allows.
     */
    public abstract void eval(List<Tensor> operands, Attrs attrs, Tensor out);

    /**
     * The reverse-mode rule: given node {@code n} of this op and {@code dOut}, the gradient of the loss
     * with respect to {@code n}'s result, builds (with {@code b}) and returns the gradient with respect
     * to each operand, in operand order. An entry is null where no gradient flows (i32 operands, ids,
     * labels, piecewise-constant ops). The whole list is null for an op without a rule: the gradient
     * ops themselves, since nnc differentiates once. Rules build gradients of every operand; the
     * autodiff pass drops those that no parameter needs.
     */
    public List<Value> gradient(GradBuilder b, Node n, Value dOut) {
        return null;
    }

    /** Checks the attributes against the schema and fills defaults. */
    public final Attrs completeAttrs(Attrs given) {
        Map<String, Object> m = new TreeMap<>(given.asMap());
        for (String key : m.keySet()) {
            if (attrSpecs().stream().noneMatch(s -> s.name().equals(key))) {
                throw new ShapeException(name + " has no attribute '" + key + "'");
            }
        }
        for (AttrSpec s : attrSpecs()) {
            Object v = m.get(s.name());
            if (v == null) {
                if (s.flag()) continue;
                if (s.dflt() == null) throw new ShapeException(name + " needs attribute '" + s.name() + "'");
                m.put(s.name(), s.dflt());
            } else if (!s.accepts(v)) {
                throw new ShapeException(name + " attribute '" + s.name() + "' must be " + s.expected());
            }
        }
        return Attrs.of(m);
    }

    /** Throws unless the operand count fits {@link #arity()}. */
    public final void checkArity(int n) {
        int a = arity();
        if (a == VARIADIC ? n < 1 : n != a) {
            throw new ShapeException(name + " takes " + (a == VARIADIC ? "at least 1" : a)
                    + " operand" + (a == 1 ? "" : "s") + ", got " + n);
        }
    }

    @Override
    public final String toString() {
        return name;
    }
}

package nnc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One operation: {@code Node(OpKind, operands, attributes, result type)}. There is no class per op. */
public final class Node extends Value {
    private final OpKind op;
    private final List<Value> operands;
    private final Attrs attrs;
    private final SourceLoc loc;
    /**
     * Creation order inside its graph; breaks ties when printing so output is deterministic. A schedule
     * renumbers it ({@link Graph#reorder}) so that the printed order is the execution order.
     */
    private long seq;
    private Phase phase = Phase.FORWARD;

    Node(OpKind op, List<Value> operands, Attrs attrs, TensorType type, SourceLoc loc, long seq) {
        super(type);
        this.op = op;
        this.operands = new ArrayList<>(operands);
        this.attrs = attrs;
        this.loc = loc;
        this.seq = seq;
    }

    public OpKind op() {
        return op;
    }

    public List<Value> operands() {
        return Collections.unmodifiableList(operands);
    }

    public Value operand(int i) {
        return operands.get(i);
    }

    public Attrs attrs() {
        return attrs;
    }

    public SourceLoc loc() {
        return loc;
    }

    public long seq() {
        return seq;
    }

    /** Forward unless the autodiff pass (or a pass working on the backward pass) says otherwise. */
    public Phase phase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    void renumber(long seq) {
        this.seq = seq;
    }

    void setOperand(int i, Value v) {
        operands.set(i, v);
    }

    public List<TensorType> operandTypes() {
        return operands.stream().map(Value::type).toList();
    }

    @Override
    public String toString() {
        return op.name() + "#" + seq;
    }
}

package nnc.backend.kernel;

import nnc.ir.OpKind;

/** Thrown at compile time when a target has no code for an op; the message names the op and the target. */
public final class UnsupportedOpException extends RuntimeException {
    private final transient OpKind op;

    /** {@code message} must name the op. */
    public UnsupportedOpException(OpKind op, String message) {
        super(message);
        this.op = op;
    }

    public OpKind op() {
        return op;
    }
}

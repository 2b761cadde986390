package nnc.frontend.lower;

import nnc.ir.SourceLoc;

/**
 * A mistake in the program found while lowering, thrown to the nearest expression or statement,
 * which reports it and carries on with {@link Val#ERROR}. {@link #alreadyReported()} unwinds the
 * same way without a new message, when a part evaluated to an error value.
 */
final class CompileError extends RuntimeException {
    private final SourceLoc loc;

    CompileError(SourceLoc loc, String message) {
        super(message, null, false, false);
        this.loc = loc;
    }

    static CompileError alreadyReported() {
        return new CompileError(SourceLoc.NONE, null);
    }

    SourceLoc loc() {
        return loc;
    }

    boolean reported() {
        return getMessage() == null;
    }
}

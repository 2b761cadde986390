package nnc.frontend.lower;

import nnc.ir.SourceLoc;

/** The program would unroll to an unreasonable size; lowering stops at once. */
final class LimitExceeded extends RuntimeException {
    private final SourceLoc loc;

    LimitExceeded(SourceLoc loc, String message) {
        super(message, null, false, false);
        this.loc = loc;
    }

    SourceLoc loc() {
        return loc;
    }
}

package nnc.frontend.lower;

/** A function the DSL provides, lowered to IR ops (or folded, on compile-time numbers). */
record Builtin(Signature signature, Lowering lowering) {
    interface Lowering {
        Val lower(BuiltinCall call);
    }
}

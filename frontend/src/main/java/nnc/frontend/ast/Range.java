package nnc.frontend.ast;

import nnc.ir.SourceLoc;

/** {@code lo..hi}: the integers from {@code lo} up to, not including, {@code hi}. */
public record Range(SourceLoc loc, Expr lo, Expr hi) {}

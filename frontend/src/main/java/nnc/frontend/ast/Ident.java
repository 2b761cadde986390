package nnc.frontend.ast;

import nnc.ir.SourceLoc;

/** A name as written in a declaration, parameter list or assignment target. */
public record Ident(SourceLoc loc, String name) {}

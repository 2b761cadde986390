package nnc.frontend.ast;

import java.util.List;
import nnc.ir.SourceLoc;

/** {@code f32[batch, 784]}: an element type name and one expression per dimension. */
public record TypeExpr(SourceLoc loc, Ident dtype, List<Expr> dims) {}

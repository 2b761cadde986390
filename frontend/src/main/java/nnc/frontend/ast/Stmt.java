package nnc.frontend.ast;

import java.util.List;
import nnc.ir.SourceLoc;

/** Statements; {@code loc} is where the statement starts. */
public sealed interface Stmt {
    SourceLoc loc();

    /** {@code dim a = 32, b = 4*a}. */
    record Dim(SourceLoc loc, List<DimBinding> bindings) implements Stmt {}

    record DimBinding(Ident name, Expr value) {}

    /** {@code input x: i32[batch] in 0..classes}; {@code range} is null when absent. */
    record Input(SourceLoc loc, Ident name, TypeExpr type, Range range) implements Stmt {}

    /** {@code param w: f32[a, b] = xavier}; the initializer is an expression such as {@code normal(0.1)}. */
    record Param(SourceLoc loc, Ident name, TypeExpr type, Expr init) implements Stmt {}

    record Fn(SourceLoc loc, Ident name, List<Parameter> params, List<Stmt> body) implements Stmt {}

    /** A function parameter; {@code dflt} is null when it has no default. */
    record Parameter(Ident name, Expr dflt) {}

    record Output(SourceLoc loc, List<Ident> names) implements Stmt {}

    /** {@code train loss with sgd(lr=0.1)}; the optimizer is written as a call. */
    record Train(SourceLoc loc, Ident loss, Expr.Call optimizer) implements Stmt {}

    record Return(SourceLoc loc, List<Expr> values) implements Stmt {}

    record For(SourceLoc loc, Ident var, Range range, List<Stmt> body) implements Stmt {}

    /** {@code orElse} is empty without an else branch; {@code else if} nests an If in it. */
    record If(SourceLoc loc, Expr cond, List<Stmt> then, List<Stmt> orElse) implements Stmt {}

    /** {@code x = e} or {@code a, b = e}. */
    record Assign(SourceLoc loc, List<Ident> targets, Expr value) implements Stmt {}
}

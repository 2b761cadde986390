package nnc.frontend.syntax;

import java.util.ArrayList;
import java.util.List;
import nnc.frontend.ast.Expr;
import nnc.frontend.ast.Ident;
import nnc.frontend.ast.Range;
import nnc.frontend.ast.Stmt;
import nnc.frontend.ast.TypeExpr;
import nnc.grammar.NncBaseVisitor;
import nnc.grammar.NncParser;
import nnc.ir.SourceLoc;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns a parse tree into the AST and does nothing else: what names mean and whether the program
 * makes sense is decided later, by the lowering. Only runs on trees that parsed without errors.
 */
final class AstBuilder extends NncBaseVisitor<Object> {
    List<Stmt> program(NncParser.ProgramContext ctx) {
        return statements(ctx.statement());
    }

    private List<Stmt> statements(List<NncParser.StatementContext> ctxs) {
        List<Stmt> out = new ArrayList<>(ctxs.size());
        for (NncParser.StatementContext s : ctxs) out.add((Stmt) visit(s));
        return out;
    }

    private List<Stmt> block(NncParser.BlockContext ctx) {
        return statements(ctx.statement());
    }

    // ------------------------------------------------------------------------------ statements

    @Override
    public Stmt visitDimDecl(NncParser.DimDeclContext ctx) {
        List<Stmt.DimBinding> bindings = new ArrayList<>();
        for (NncParser.DimBindingContext b : ctx.dimBinding()) bindings.add(new Stmt.DimBinding(ident(b.ID()), expr(b.expr())));
        return new Stmt.Dim(loc(ctx), bindings);
    }

    @Override
    public Stmt visitInputDecl(NncParser.InputDeclContext ctx) {
        Range range = ctx.range() == null ? null : range(ctx.range());
        return new Stmt.Input(loc(ctx), ident(ctx.ID()), type(ctx.tensorType()), range);
    }

    @Override
    public Stmt visitParamDecl(NncParser.ParamDeclContext ctx) {
        return new Stmt.Param(loc(ctx), ident(ctx.ID()), type(ctx.tensorType()), expr(ctx.init));
    }

    @Override
    public Stmt visitFnDecl(NncParser.FnDeclContext ctx) {
        List<Stmt.Parameter> params = new ArrayList<>();
        for (NncParser.ParameterContext p : ctx.parameter()) {
            params.add(new Stmt.Parameter(ident(p.ID()), p.expr() == null ? null : expr(p.expr())));
        }
        return new Stmt.Fn(loc(ctx), ident(ctx.ID()), params, block(ctx.block()));
    }

    @Override
    public Stmt visitOutputStmt(NncParser.OutputStmtContext ctx) {
        return new Stmt.Output(loc(ctx), idents(ctx.ID()));
    }

    @Override
    public Stmt visitTrainStmt(NncParser.TrainStmtContext ctx) {
        Expr.Call optimizer = new Expr.Call(loc(ctx.optimizer), ctx.optimizer.getText(), arguments(ctx.arguments()));
        return new Stmt.Train(loc(ctx), new Ident(loc(ctx.loss), ctx.loss.getText()), optimizer);
    }

    @Override
    public Stmt visitReturnStmt(NncParser.ReturnStmtContext ctx) {
        return new Stmt.Return(loc(ctx), exprs(ctx.expr()));
    }

    @Override
    public Stmt visitForStmt(NncParser.ForStmtContext ctx) {
        return new Stmt.For(loc(ctx), ident(ctx.ID()), range(ctx.range()), block(ctx.block()));
    }

    @Override
    public Stmt visitIfStmt(NncParser.IfStmtContext ctx) {
        return ifStatement(ctx.ifStatement());
    }

    private Stmt.If ifStatement(NncParser.IfStatementContext ctx) {
        List<Stmt> orElse;
        if (ctx.ifStatement() != null) orElse = List.of(ifStatement(ctx.ifStatement()));
        else if (ctx.block().size() > 1) orElse = block(ctx.block(1));
        else orElse = List.of();
        return new Stmt.If(loc(ctx), expr(ctx.expr()), block(ctx.block(0)), orElse);
    }

    @Override
    public Stmt visitAssignStmt(NncParser.AssignStmtContext ctx) {
        return new Stmt.Assign(loc(ctx), idents(ctx.ID()), expr(ctx.expr()));
    }

    private TypeExpr type(NncParser.TensorTypeContext ctx) {
        return new TypeExpr(loc(ctx), new Ident(loc(ctx.dtype), ctx.dtype.getText()), exprs(ctx.expr()));
    }

    private Range range(NncParser.RangeContext ctx) {
        return new Range(loc(ctx), expr(ctx.lo), expr(ctx.hi));
    }

    // ----------------------------------------------------------------------------- expressions

    private Expr expr(NncParser.ExprContext ctx) {
        return (Expr) visit(ctx);
    }

    private List<Expr> exprs(List<NncParser.ExprContext> ctxs) {
        List<Expr> out = new ArrayList<>(ctxs.size());
        for (NncParser.ExprContext e : ctxs) out.add(expr(e));
        return out;
    }

    @Override
    public Expr visitPrimaryExpr(NncParser.PrimaryExprContext ctx) {
        return (Expr) visit(ctx.primary());
    }

    @Override
    public Expr visitIndexExpr(NncParser.IndexExprContext ctx) {
        List<Expr.IndexItem> items = new ArrayList<>();
        for (NncParser.IndexContext i : ctx.index()) items.add((Expr.IndexItem) visit(i));
        return new Expr.Index(loc(ctx), expr(ctx.expr()), items);
    }

    @Override
    public Expr.IndexItem visitAtIndex(NncParser.AtIndexContext ctx) {
        return new Expr.At(loc(ctx), expr(ctx.expr()));
    }

    @Override
    public Expr.IndexItem visitSliceIndex(NncParser.SliceIndexContext ctx) {
        return new Expr.Slice(loc(ctx), ctx.lo == null ? null : expr(ctx.lo), ctx.hi == null ? null : expr(ctx.hi));
    }

    @Override
    public Expr visitNegateExpr(NncParser.NegateExprContext ctx) {
        return new Expr.Unary(loc(ctx), Expr.UnaryOp.NEG, expr(ctx.expr()));
    }

    @Override
    public Expr visitNotExpr(NncParser.NotExprContext ctx) {
        return new Expr.Unary(loc(ctx), Expr.UnaryOp.NOT, expr(ctx.expr()));
    }

    @Override
    public Expr visitBinaryExpr(NncParser.BinaryExprContext ctx) {
        return new Expr.Binary(loc(ctx), loc(ctx.op), Expr.BinaryOp.ofSymbol(ctx.op.getText()),
                expr(ctx.expr(0)), expr(ctx.expr(1)));
    }

    @Override
    public Expr visitCallExpr(NncParser.CallExprContext ctx) {
        return new Expr.Call(loc(ctx), ctx.ID().getText(), arguments(ctx.arguments()));
    }

    private List<Expr.Argument> arguments(NncParser.ArgumentsContext ctx) {
        if (ctx == null) return List.of();
        List<Expr.Argument> out = new ArrayList<>();
        for (NncParser.ArgumentContext a : ctx.argument()) {
            String keyword = a.ID() == null ? null : a.ID().getText();
            out.add(new Expr.Argument(loc(a), keyword, expr(a.expr())));
        }
        return out;
    }

    @Override
    public Expr visitNameExpr(NncParser.NameExprContext ctx) {
        return new Expr.Name(loc(ctx), ctx.ID().getText());
    }

    @Override
    public Expr visitIntExpr(NncParser.IntExprContext ctx) {
        return new Expr.IntLit(loc(ctx), ctx.INT().getText());
    }

    @Override
    public Expr visitFloatExpr(NncParser.FloatExprContext ctx) {
        return new Expr.FloatLit(loc(ctx), ctx.FLOAT().getText());
    }

    @Override
    public Expr visitBoolExpr(NncParser.BoolExprContext ctx) {
        return new Expr.BoolLit(loc(ctx), ctx.getText().equals("true"));
    }

    @Override
    public Expr visitParenExpr(NncParser.ParenExprContext ctx) {
        return expr(ctx.expr());
    }

    @Override
    public Expr visitListExpr(NncParser.ListExprContext ctx) {
        return new Expr.ListLit(loc(ctx), exprs(ctx.expr()));
    }

    // -------------------------------------------------------------------------------- positions

    private static Ident ident(TerminalNode id) {
        return new Ident(loc(id.getSymbol()), id.getText());
    }

    private static List<Ident> idents(List<TerminalNode> ids) {
        List<Ident> out = new ArrayList<>(ids.size());
        for (TerminalNode id : ids) out.add(ident(id));
        return out;
    }

    private static SourceLoc loc(ParserRuleContext ctx) {
        return loc(ctx.getStart());
    }

    /** ANTLR counts columns from 0; diagnostics and the IR count from 1. */
    private static SourceLoc loc(Token t) {
        return new SourceLoc(t.getLine(), t.getCharPositionInLine() + 1);
    }
}

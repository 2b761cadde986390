package nnc.frontend.syntax;

import java.util.List;
import nnc.frontend.Diagnostics;
import nnc.frontend.SourceFile;
import nnc.frontend.ast.Stmt;
import nnc.grammar.NncParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** Source text to AST. */
public final class DslParser {
    private DslParser() {}

    /** The program's statements, or null after reporting syntax errors to {@code diagnostics}. */
    public static List<Stmt> parse(SourceFile source, Diagnostics diagnostics) {
        SyntaxErrorListener listener = new SyntaxErrorListener(diagnostics);
        DslLexer lexer = new DslLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        NncParser parser = new NncParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        parser.setErrorHandler(new SyntaxErrorStrategy());
        NncParser.ProgramContext tree = parser.program();
        if (listener.reported()) return null;
        return new AstBuilder().program(tree);
    }
}

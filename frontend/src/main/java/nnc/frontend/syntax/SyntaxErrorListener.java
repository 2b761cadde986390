package nnc.frontend.syntax;

import java.util.HashSet;
import java.util.Set;
import nnc.frontend.Diagnostics;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * Passes lexer and parser errors on as diagnostics, the first on each line only: after one error
 * the rest of a line is mostly recovery noise.
 */
final class SyntaxErrorListener extends BaseErrorListener {
    private final Diagnostics diagnostics;
    private final Set<Integer> linesWithErrors = new HashSet<>();

    SyntaxErrorListener(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
            String message, RecognitionException e) {
        if (linesWithErrors.add(line)) diagnostics.error(line, charPositionInLine + 1, message);
    }

    boolean reported() {
        return !linesWithErrors.isEmpty();
    }
}

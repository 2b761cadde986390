package nnc.frontend.syntax;

import nnc.grammar.NncParser;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery with plain messages: "expected ')' but found 'x'" instead of "mismatched input
 * 'x' expecting {...}".
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {
    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) return;
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser), null);
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) return;
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser), null);
    }

    /**
     * Skips to a token that can follow, as ANTLR does, but over whole {@code { ... }} blocks: after a
     * broken {@code fn}, {@code for} or {@code if} header the block's lines would otherwise parse as
     * top-level statements and end in a stray '}'.
     */
    @Override
    protected void consumeUntil(Parser parser, IntervalSet set) {
        int depth = 0;
        int type = parser.getInputStream().LA(1);
        while (type != Token.EOF && (depth > 0 || !set.contains(type))) {
            if (type == NncParser.LBRACE) depth++;
            else if (type == NncParser.RBRACE) depth--;
            parser.consume();
            type = parser.getInputStream().LA(1);
        }
    }

    /**
     * Reports at {@code found}, or, when brackets carried the statement over to a later line, at the
     * end of the line where the statement broke off: that is where the missing ')' goes.
     */
    private static void report(Parser parser, Token found, IntervalSet expected, RecognitionException e) {
        String want = expected == null ? null : TokenWords.expected(expected, found);
        String message = want == null
                ? "unexpected " + TokenWords.found(found)
                : want + " but found " + TokenWords.found(found);
        Token previous = found.getTokenIndex() > 0 ? parser.getInputStream().get(found.getTokenIndex() - 1) : null;
        if (previous == null || previous.getType() == NncParser.NL || previous.getLine() >= found.getLine()) {
            parser.notifyErrorListeners(found, message, e);
            return;
        }
        int end = previous.getCharPositionInLine() + previous.getText().length();
        parser.getErrorListenerDispatch().syntaxError(parser, found, previous.getLine(), end, message + " on line " + found.getLine(), e);
    }
}

package nnc.frontend.syntax;

import nnc.grammar.NncLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.LexerNoViableAltException;
import org.antlr.v4.runtime.misc.Interval;

/** The generated lexer with a plain message for characters that start no token. */
final class DslLexer extends NncLexer {
    DslLexer(CharStream input) {
        super(input);
    }

    @Override
    public void notifyListeners(LexerNoViableAltException e) {
        String text = _input.getText(Interval.of(_tokenStartCharIndex, _tokenStartCharIndex));
        getErrorListenerDispatch().syntaxError(this, null, _tokenStartLine, _tokenStartCharPositionInLine,
                "unexpected character " + TokenWords.quote(text), e);
    }
}

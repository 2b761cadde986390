package nnc.frontend.syntax;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nnc.grammar.NncParser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Plain words for tokens and sets of expected tokens in syntax errors ("expected ')' but found 'x'"). */
final class TokenWords {
    private static final Vocabulary VOCABULARY = NncParser.VOCABULARY;

    private static final Set<Integer> STATEMENT_START = types("'dim'", "'input'", "'param'", "'fn'", "'output'",
            "'train'", "'return'", "'for'", "'if'", NncParser.ID);
    private static final Set<Integer> EXPRESSION_START = types(NncParser.ID, NncParser.INT, NncParser.FLOAT,
            NncParser.LPAREN, NncParser.LBRACK, "'-'", "'not'", "'true'", "'false'");
    /** Tokens that may continue a complete expression; rarely what the writer forgot. */
    private static final Set<Integer> CONTINUATIONS = types("'**'", "'*'", "'/'", "'//'", "'@'", "'+'", "'-'",
            "'=='", "'!='", "'<'", "'<='", "'>'", "'>='", "'and'", "'or'", NncParser.LBRACK, NncParser.LPAREN);
    /** Other ways to end a statement, for which "end of line" stands. */
    private static final Set<Integer> STATEMENT_ENDS = types("';'", Token.EOF);

    private TokenWords() {}

    /** How a token found in the input reads in a message. */
    static String found(Token t) {
        if (t.getType() == Token.EOF) return "end of file";
        if (t.getType() == NncParser.NL) return "end of line";
        return quote(t.getText());
    }

    /** "'x'", with characters that would not show spelled out. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) && c != ' ') sb.append(String.format("\\u%04x", c));
            else sb.appendCodePoint(c);
        });
        return sb.append('\'').toString();
    }

    /** "expected ')' or ','", or null when the set is too large to help. */
    static String expected(IntervalSet expected, Token found) {
        Set<Integer> left = new LinkedHashSet<>(expected.toList());
        // At the end of the file, another line is no way out.
        if (found.getType() == Token.EOF) {
            left.remove(NncParser.NL);
            left.removeAll(STATEMENT_ENDS);
        }
        List<String> words = new ArrayList<>();
        if (left.containsAll(STATEMENT_START)) {
            words.add("a statement");
            left.removeAll(STATEMENT_START);
            left.removeAll(STATEMENT_ENDS);
            left.remove(NncParser.NL);
        }
        if (left.containsAll(EXPRESSION_START)) {
            words.add("an expression");
            left.removeAll(EXPRESSION_START);
        }
        Set<Integer> essential = new LinkedHashSet<>(left);
        essential.removeAll(CONTINUATIONS);
        if (!essential.isEmpty() || !words.isEmpty()) left = essential;
        if (left.contains(NncParser.NL)) left.removeAll(STATEMENT_ENDS);
        for (int t : left) words.add(word(t));
        if (words.isEmpty() || words.size() > 4) return null;
        StringBuilder sb = new StringBuilder("expected ");
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) sb.append(i == words.size() - 1 ? " or " : ", ");
            sb.append(words.get(i));
        }
        return sb.toString();
    }

    private static String word(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NncParser.NL -> "end of line";
            case NncParser.ID -> "a name";
            case NncParser.INT -> "an integer";
            case NncParser.FLOAT -> "a number";
            default -> VOCABULARY.getLiteralName(type) != null ? VOCABULARY.getLiteralName(type) : VOCABULARY.getDisplayName(type);
        };
    }

    /** Token types given as literal names ("'dim'") or as types. */
    private static Set<Integer> types(Object... tokens) {
        Set<Integer> out = new LinkedHashSet<>();
        for (Object t : tokens) out.add(t instanceof Integer i ? i : typeOf((String) t));
        return Set.copyOf(out);
    }

    private static int typeOf(String literal) {
        for (int t = 0; t <= VOCABULARY.getMaxTokenType(); t++) {
            if (literal.equals(VOCABULARY.getLiteralName(t))) return t;
        }
        throw new IllegalArgumentException("the grammar has no token " + literal);
    }
}

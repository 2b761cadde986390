package nnc.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits IR text into tokens on demand, so that a syntax error is reported before any later bad
 * character. Whitespace (newlines included) and {@code #} comments separate tokens and are skipped.
 */
final class IrLexer {
    enum Kind {
        /** {@code %x}; text is the name without {@code %}. */
        VALUE,
        /** {@code @mlp}; text is the name without {@code @}. */
        GRAPH,
        /** Keywords, op names, dtypes, attribute keys, {@code true}, {@code nan}. */
        IDENT,
        INT,
        /** A number with '.' or exponent, or {@code -inf}. */
        FLOAT,
        /** text is the decoded content. */
        STRING,
        /** One of {@code { } ( ) [ ] , = :}. */
        PUNCT,
        EOF
    }

    record Token(Kind kind, String text, int line, int col) {
        boolean is(Kind k, String s) {
            return kind == k && text.equals(s);
        }

        /** How the token reads in an error message. */
        String describe() {
            return switch (kind) {
                case EOF -> "end of input";
                case VALUE -> "'%" + text + "'";
                case GRAPH -> "'@" + text + "'";
                case STRING -> "string " + IrPrinter.quote(text);
                default -> "'" + text + "'";
            };
        }
    }

    private final String src;
    private final List<Token> lookahead = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int col = 1;

    IrLexer(String src) {
        this.src = src;
    }

    /** The token {@code k} places ahead (0 is the next one). */
    Token peek(int k) {
        while (lookahead.size() <= k) lookahead.add(lex());
        return lookahead.get(k);
    }

    Token next() {
        Token t = peek(0);
        lookahead.remove(0);
        return t;
    }

    private Token lex() {
        skipSpaceAndComments();
        int l = line;
        int c = col;
        if (pos >= src.length()) return new Token(Kind.EOF, "", l, c);
        char ch = src.charAt(pos);
        if (ch == '%' || ch == '@') {
            advance();
            int start = pos;
            while (pos < src.length() && IrSyntax.isNameChar(src.charAt(pos))) advance();
            if (pos == start) throw new IrParseException(l, c, "expected a name after '" + ch + "'");
            return new Token(ch == '%' ? Kind.VALUE : Kind.GRAPH, src.substring(start, pos), l, c);
        }
        if (IrSyntax.isIdentStart(ch)) {
            int start = pos;
            while (pos < src.length() && IrSyntax.isIdentChar(src.charAt(pos))) advance();
            return new Token(Kind.IDENT, src.substring(start, pos), l, c);
        }
        if (ch == '-' && src.startsWith("-inf", pos) && !identCharAt(pos + 4)) {
            for (int i = 0; i < 4; i++) advance();
            return new Token(Kind.FLOAT, "-inf", l, c);
        }
        if (isDigit(ch) || ch == '-' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1))) return number(l, c);
        if (ch == '"') return string(l, c);
        if ("{}()[],=:".indexOf(ch) >= 0) {
            advance();
            return new Token(Kind.PUNCT, String.valueOf(ch), l, c);
        }
        throw new IrParseException(l, c, "unexpected character '" + ch + "'");
    }

    /** {@code -?digits(.digits)?([eE][+-]?digits)?}; a '.' or exponent makes it a float. */
    private Token number(int l, int c) {
        int start = pos;
        if (src.charAt(pos) == '-') advance();
        digits(l, c);
        boolean isFloat = false;
        if (pos < src.length() && src.charAt(pos) == '.') {
            advance();
            digits(l, c);
            isFloat = true;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            advance();
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) advance();
            digits(l, c);
            isFloat = true;
        }
        if (identCharAt(pos)) throw new IrParseException(l, c, "malformed number '" + src.substring(start, pos + 1) + "'");
        return new Token(isFloat ? Kind.FLOAT : Kind.INT, src.substring(start, pos), l, c);
    }

    private void digits(int l, int c) {
        int start = pos;
        while (pos < src.length() && isDigit(src.charAt(pos))) advance();
        if (pos == start) throw new IrParseException(l, c, "malformed number");
    }

    private Token string(int l, int c) {
        advance();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') throw new IrParseException(l, c, "unterminated string");
            char ch = src.charAt(pos);
            if (ch == '"') {
                advance();
                return new Token(Kind.STRING, sb.toString(), l, c);
            }
            if (ch != '\\') {
                sb.append(ch);
                advance();
                continue;
            }
            int el = line;
            int ec = col;
            advance();
            if (pos >= src.length()) throw new IrParseException(l, c, "unterminated string");
            char e = src.charAt(pos);
            advance();
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'u' -> sb.append(unicodeEscape(el, ec));
                default -> throw new IrParseException(el, ec, "unknown escape '\\" + e + "' in string");
            }
        }
    }

    private char unicodeEscape(int l, int c) {
        if (pos + 4 > src.length()) throw new IrParseException(l, c, "\\u needs four hex digits");
        String hex = src.substring(pos, pos + 4);
        if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
            throw new IrParseException(l, c, "\\u needs four hex digits, found '" + hex + "'");
        }
        for (int i = 0; i < 4; i++) advance();
        return (char) Integer.parseInt(hex, 16);
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            if (ch == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') advance();
            } else if (Character.isWhitespace(ch)) {
                advance();
            } else {
                return;
            }
        }
    }

    private void advance() {
        if (pos < src.length() && src.charAt(pos) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        pos++;
    }

    private boolean identCharAt(int i) {
        return i < src.length() && IrSyntax.isIdentChar(src.charAt(i));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

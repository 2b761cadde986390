package nnc.ir;

/** Lexical rules of the IR text shared by printer, parser and verifier, so that every printed name reads back. */
final class IrSyntax {
    private IrSyntax() {}

    /** Characters of a value or graph name after its sigil ({@code %w1.m}, {@code @resnet-18}). */
    static boolean isNameChar(char c) {
        return isIdentChar(c) || c == '.' || c == '-';
    }

    static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    static boolean isIdentChar(char c) {
        return isIdentStart(c) || c >= '0' && c <= '9';
    }

    /** A name that can follow {@code %} or {@code @}. */
    static boolean isName(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i))) return false;
        }
        return true;
    }

    /** An argument name must not look like a node number, which the printer gives to nodes. */
    static boolean isArgName(String s) {
        return isName(s) && !s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** An attribute key or op name. */
    static boolean isIdent(String s) {
        if (s.isEmpty() || !isIdentStart(s.charAt(0))) return false;
        for (int i = 1; i < s.length(); i++) {
            if (!isIdentChar(s.charAt(i))) return false;
        }
        return true;
    }
}

package nnc.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (4, 784), }}. Reads only what NumPy writes
 * there: strings, booleans and tuples of integers.
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {
    /** Parses the dict; throws {@link IllegalArgumentException} with a plain message when malformed. */
    static NpyHeader parse(String text) {
        Map<String, Object> dict = new Reader(text).dict();
        if (!(dict.get("descr") instanceof String descr)) throw new IllegalArgumentException("header has no 'descr' string");
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IllegalArgumentException("header has no 'fortran_order' flag");
        }
        if (!(dict.get("shape") instanceof int[] shape)) throw new IllegalArgumentException("header has no 'shape' tuple");
        return new NpyHeader(descr, fortran, shape);
    }

    /** The header dict for a C-order array, without padding. */
    static String format(String descr, int[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int d : shape) sb.append(d).append(shape.length == 1 ? "," : ", ");
        if (shape.length > 1) sb.setLength(sb.length() - 2);
        return sb.append("), }").toString();
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            Map<String, Object> m = new HashMap<>();
            expect('{');
            while (!peekIs('}')) {
                String key = string();
                expect(':');
                m.put(key, value());
                if (!peekIs('}')) expect(',');
            }
            expect('}');
            skipSpace();
            if (pos != s.length()) throw malformed("text after the dict");
            return m;
        }

        private Object value() {
            skipSpace();
            if (peekIs('\'') || peekIs('"')) return string();
            if (peekIs('(')) return tuple();
            if (s.startsWith("True", pos) || s.startsWith("False", pos)) {
                boolean b = s.startsWith("True", pos);
                pos += b ? 4 : 5;
                return b;
            }
            // Anything else (e.g. the list of a structured dtype) is kept as text and rejected by the caller.
            int start = pos;
            int depth = 0;
            while (pos < s.length() && !(depth == 0 && (s.charAt(pos) == ',' || s.charAt(pos) == '}'))) {
                char c = s.charAt(pos++);
                if (c == '[' || c == '(') depth++;
                if (c == ']' || c == ')') depth--;
            }
            return s.substring(start, pos).trim();
        }

        private int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (!peekIs(')')) {
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
                if (pos == start) throw malformed("shape holds something other than non-negative integers");
                try {
                    dims.add(Integer.parseInt(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw malformed("dimension " + s.substring(start, pos) + " is too large");
                }
                if (!peekIs(')')) expect(',');
            }
            expect(')');
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private String string() {
            skipSpace();
            char q = pos < s.length() ? s.charAt(pos) : ' ';
            if (q != '\'' && q != '"') throw malformed("expected a quoted string");
            int end = s.indexOf(q, pos + 1);
            if (end < 0) throw malformed("unterminated string");
            String r = s.substring(pos + 1, end);
            pos = end + 1;
            return r;
        }

        private boolean peekIs(char c) {
            skipSpace();
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peekIs(c)) throw malformed("expected '" + c + "'");
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        private IllegalArgumentException malformed(String why) {
            return new IllegalArgumentException("malformed header (" + why + " at offset " + pos + "): " + s.trim());
        }
    }
}

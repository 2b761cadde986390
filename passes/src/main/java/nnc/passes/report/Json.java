package nnc.passes.report;

/** Writes JSON text with keys in the order given, so that output is deterministic. */
final class Json {
    private final StringBuilder sb = new StringBuilder();
    private boolean needComma;

    Json open(char bracket) {
        comma();
        sb.append(bracket);
        needComma = false;
        return this;
    }

    Json close(char bracket) {
        sb.append(bracket);
        needComma = true;
        return this;
    }

    Json key(String key) {
        comma();
        string(key);
        sb.append(": ");
        needComma = false;
        return this;
    }

    Json value(long v) {
        comma();
        sb.append(v);
        needComma = true;
        return this;
    }

    Json value(String s) {
        comma();
        string(s);
        needComma = true;
        return this;
    }

    private void comma() {
        if (needComma) sb.append(", ");
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                // "</" would end an HTML script element that embeds this JSON.
                case '/' -> sb.append(i > 0 && s.charAt(i - 1) == '<' ? "\\/" : "/");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}

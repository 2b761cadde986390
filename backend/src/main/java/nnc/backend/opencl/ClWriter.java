package nnc.backend.opencl;

/**
 * The text of one OpenCL C function, written a line at a time. Indentation belongs to the writer of
 * one kernel, so emitters nest blocks with {@link #open} and {@link #close} and never track it.
 */
final class ClWriter {
    private final StringBuilder text = new StringBuilder();
    /** Kernel bodies start one level in. */
    private int depth = 1;

    /** Appends one line at the current depth. */
    ClWriter line(String s) {
        text.append("    ".repeat(depth)).append(s).append('\n');
        return this;
    }

    /** Appends {@code header {} and indents what follows. */
    ClWriter open(String header) {
        line(header + " {");
        depth++;
        return this;
    }

    /** {@code for (int v = from; v < to; v++)}, opened. */
    ClWriter loop(String v, Object from, Object to) {
        return open("for (int " + v + " = " + from + "; " + v + " < " + to + "; " + v + "++)");
    }

    ClWriter close() {
        depth--;
        return line("}");
    }

    /** Closes a block and opens the next one on the same line: {@code } else {}. */
    ClWriter reopen(String header) {
        depth--;
        line("} " + header + " {");
        depth++;
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

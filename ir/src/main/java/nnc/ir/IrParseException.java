package nnc.ir;

/** A syntax or naming error in IR text, at a 1-based line and column. */
public final class IrParseException extends RuntimeException {
    private final int line;
    private final int col;
    private final String reason;

    public IrParseException(int line, int col, String reason) {
        super(line + ":" + col + ": " + reason);
        this.line = line;
        this.col = col;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public int col() {
        return col;
    }

    /** The message without its position, e.g. {@code undefined value %h}. */
    public String reason() {
        return reason;
    }
}

package nnc.ir;

/** Where in the DSL source a node came from (1-based line and column); {@link #NONE} when unknown. */
public record SourceLoc(int line, int col) {
    public static final SourceLoc NONE = new SourceLoc(0, 0);

    public boolean known() {
        return line > 0;
    }

    @Override
    public String toString() {
        return line + ":" + col;
    }
}

package nnc.passes;

/** A mistake in a pipeline string, pointing at the offending column (1-based). */
public final class PipelineException extends RuntimeException {
    private final String pipeline;
    private final int column;

    public PipelineException(String message, String pipeline, int column) {
        super(message);
        this.pipeline = pipeline;
        this.column = column;
    }

    public String pipeline() {
        return pipeline;
    }

    public int column() {
        return column;
    }

    /**
     * The error with the pipeline and a caret under the offending part:
     * <pre>
     * pipeline, column 5: error: unknown pass 'fusee' (known passes: dne, fuse)
     *   dne,fusee
     *       ^
     * </pre>
     */
    public String render() {
        return "pipeline, column " + column + ": error: " + getMessage() + "\n"
                + "  " + pipeline + "\n"
                + "  " + " ".repeat(column - 1) + "^\n";
    }
}

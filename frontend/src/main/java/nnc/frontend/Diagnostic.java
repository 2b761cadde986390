package nnc.frontend;

/**
 * One user-facing error at a source position (1-based line and column). Rendered as
 * <pre>
 * net.dsl:3:9: error: unknown name 'hiden'
 *   param w: f32[hiden, 10] = xavier
 *                ^
 * </pre>
 * A diagnostic about no place in the source (line 0, e.g. a bad {@code --set}) renders as its first line only,
 * without a position.
 */
public record Diagnostic(String file, int line, int col, String message, String sourceLine) {
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(file);
        if (line > 0) sb.append(':').append(line).append(':').append(col);
        sb.append(": error: ").append(message).append('\n');
        if (line > 0) {
            sb.append("  ").append(sourceLine.replace('\t', ' ')).append('\n');
            sb.append("  ").append(" ".repeat(Math.max(0, col - 1))).append("^\n");
        }
        return sb.toString();
    }
}

package nnc.frontend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nnc.ir.SourceLoc;

/**
 * Collects the errors of one compilation. The same message at the same place is kept once: a loop
 * body or a function inlined many times would otherwise repeat it for every copy.
 */
public final class Diagnostics {
    private final SourceFile source;
    private final Set<Diagnostic> errors = new LinkedHashSet<>();

    public Diagnostics(SourceFile source) {
        this.source = source;
    }

    public void error(SourceLoc loc, String message) {
        error(loc.line(), loc.col(), message);
    }

    public void error(int line, int col, String message) {
        errors.add(new Diagnostic(source.name(), line, col, message, source.line(line)));
    }

    public boolean any() {
        return !errors.isEmpty();
    }

    /** The errors by position; those at one position keep the order they were found in. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::col));
        return out;
    }
}

package nnc.frontend.lower;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nnc.frontend.ast.Stmt;

/**
 * The variables a block may assign. When a loop or branch cannot run (its bounds or condition
 * failed), these become error values, so that later uses do not report them as unknown.
 */
final class AssignedNames {
    private AssignedNames() {}

    static Set<String> of(List<Stmt> block) {
        Set<String> names = new LinkedHashSet<>();
        collect(block, names);
        return names;
    }

    private static void collect(List<Stmt> block, Set<String> names) {
        for (Stmt s : block) {
            if (s instanceof Stmt.Assign a) a.targets().forEach(t -> names.add(t.name()));
            else if (s instanceof Stmt.For f) {
                names.add(f.var().name());
                collect(f.body(), names);
            } else if (s instanceof Stmt.If i) {
                collect(i.then(), names);
                collect(i.orElse(), names);
            }
        }
    }
}

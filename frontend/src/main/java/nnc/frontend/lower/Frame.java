package nnc.frontend.lower;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import nnc.ir.SourceLoc;

/**
 * One scope: the top-level code, or one inlined call of a function. Loops and branches open no scope
 * of their own (as in Python), so what they assign stays visible after them.
 */
final class Frame {
    private final Declarations declarations;
    private final Map<String, Val> locals = new LinkedHashMap<>();
    /** The function being inlined, null at top level. */
    private final String function;
    /** Where the function was called, null at top level and when checking an uncalled function. */
    private final SourceLoc callSite;
    private Val returned;

    private Frame(Declarations declarations, String function, SourceLoc callSite) {
        this.declarations = declarations;
        this.function = function;
        this.callSite = callSite;
    }

    static Frame topLevel(Declarations declarations) {
        return new Frame(declarations, null, null);
    }

    static Frame call(Declarations declarations, String function, SourceLoc callSite) {
        return new Frame(declarations, function, callSite);
    }

    boolean isTopLevel() {
        return function == null;
    }

    /** A local variable, else a declaration, else null. */
    Val lookup(String name) {
        Val v = locals.get(name);
        if (v != null) return v;
        Declarations.Declaration d = declarations.get(name);
        return d == null ? null : d.value();
    }

    boolean hasLocal(String name) {
        return locals.containsKey(name);
    }

    void set(String name, Val v) {
        locals.put(name, v);
    }

    Set<String> visibleNames() {
        Set<String> names = new LinkedHashSet<>(locals.keySet());
        names.addAll(declarations.names());
        return names;
    }

    Val returned() {
        return returned;
    }

    void setReturned(Val v) {
        returned = v;
    }

    /** Added to messages from inside an inlined call, so that the user can tell which call failed. */
    String context() {
        return callSite == null ? "" : " (in " + function + ", called at " + callSite + ")";
    }
}

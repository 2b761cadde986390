package nnc.backend.java;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import nnc.backend.kernel.Buffer;
import nnc.ir.Arg;

/**
 * Java identifiers for the generated class: its name, and a field per buffer. Kernel code names its
 * own locals {@code i0} (loops), {@code v0} (values) and {@code t0} (other integers), plus a few fixed
 * words; an argument whose name would clash with those (or with a keyword, or another argument) gets
 * an underscore appended, so {@code w1} stays {@code w1} and {@code v1} becomes {@code v1_}.
 */
final class JavaNames {
    static final String ARENA = "arena";
    private static final Pattern LOCAL = Pattern.compile("[ivt][0-9]+|lo|hi|block|unit|task|first|acc|arena|values|name|sum|part|patch|tile|dx|j|q|q0|oc|cin|count"
            + "|oy|ox|iy|at|run|inLo|inHi|col|tap|SPECIES|LANES|PATCH|TILE");

    private final Map<Arg, String> fields = new IdentityHashMap<>();

    JavaNames(Iterable<Arg> args) {
        Set<String> taken = new HashSet<>();
        for (Arg a : args) {
            String name = a.name().replaceAll("[^A-Za-z0-9_]", "_");
            if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) name = "_" + name;
            while (LOCAL.matcher(name).matches() || SourceVersion.isKeyword(name) || !taken.add(name)) name += "_";
            fields.put(a, name);
        }
    }

    String field(Buffer b) {
        return b instanceof Buffer.Argument a ? fields.get(a.arg()) : ARENA;
    }

    String field(Arg a) {
        return fields.get(a);
    }

    /** {@code lstm_lm} becomes {@code LstmLm}; a name starting with a digit gets a leading {@code Net}. */
    static String className(String graphName) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char ch : graphName.toCharArray()) {
            if (!Character.isLetterOrDigit(ch)) {
                upper = true;
                continue;
            }
            sb.append(upper ? Character.toUpperCase(ch) : ch);
            upper = false;
        }
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) sb.insert(0, "Net");
        return sb.toString();
    }
}

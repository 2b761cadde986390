package nnc.backend.kernel;

/**
 * Integer expressions for {@link Index}es over loop variables named {@code i<n>}, in the syntax Java and
 * OpenCL C share. Targets differ only in how a gathered id is read.
 */
public abstract class IndexText {
    public static String var(int loop) {
        return "i" + loop;
    }

    /** How this target reads a gathered id (e.g. with or without a range check). */
    protected abstract String gather(Index.Gather g);

    public String of(Index idx) {
        StringBuilder sb = new StringBuilder();
        if (idx.constant() != 0 || idx.terms().isEmpty()) sb.append(idx.constant());
        for (Index.Term t : idx.terms()) {
            long c = t.coef();
            String term = atom(t.atom()) + (Math.abs(c) != 1 ? " * " + Math.abs(c) : "");
            if (sb.length() == 0) sb.append(c < 0 ? "-" : "").append(term);
            else sb.append(c < 0 ? " - " : " + ").append(term);
        }
        return sb.toString();
    }

    /** {@code idx} as an operand of {@code *}, {@code /} or {@code %}. */
    public String factor(Index idx) {
        String s = of(idx);
        boolean single = idx.terms().isEmpty() || idx.constant() == 0 && idx.terms().size() == 1 && idx.terms().get(0).coef() == 1;
        return single && !s.startsWith("-") ? s : "(" + s + ")";
    }

    private String atom(Index.Atom a) {
        if (a instanceof Index.Var v) return var(v.loop());
        if (a instanceof Index.Digit d) {
            String inner = factor(d.of());
            return "(" + (d.divisor() == 1 ? inner : inner + " / " + d.divisor()) + " % " + d.modulus() + ")";
        }
        return gather((Index.Gather) a);
    }
}

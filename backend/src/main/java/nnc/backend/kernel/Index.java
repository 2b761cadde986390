package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An integer index over the loop variables of a kernel: {@code constant + sum(coef * atom)}, where an
 * atom is a loop variable, a digit {@code (index / divisor) % modulus} of another index, or an i32 element
 * read from a tensor (the ids of an embedding). Indices are kept canonical (terms merged and sorted, no
 * zero coefficients) so that equal indices are equal records and common subexpressions can be shared.
 * Digits that provably do not wrap are folded back into plain terms, so that the usual views (reshape,
 * transpose, slice, broadcast) of a tensor stay affine in the loop variables: constant strides that a
 * compiler can vectorize.
 */
public record Index(long constant, List<Term> terms) {
    public record Term(long coef, Atom atom) {}

    public sealed interface Atom permits Var, Digit, Gather {}

    /** Loop variable number {@code loop} of the kernel, running over {@code [0, extent)}. */
    public record Var(int loop) implements Atom {
        @Override
        public String toString() {
            return "i" + loop;
        }
    }

    /** {@code (of / divisor) % modulus}: one coordinate of a flat index. */
    public record Digit(Index of, long divisor, long modulus) implements Atom {
        @Override
        public String toString() {
            return "(" + of + ")/" + divisor + "%" + modulus;
        }
    }

    /** The i32 element {@code ids[at]}, which must lie in {@code [0, bound)} (a row of an embedding table). */
    public record Gather(TensorRef ids, Index at, long bound) implements Atom {
        @Override
        public String toString() {
            return ids.buffer() + "[" + at + "]";
        }
    }

    private static final Comparator<Atom> ORDER = Comparator.<Atom>comparingInt(a -> a instanceof Var ? 0 : a instanceof Digit ? 1 : 2)
            .thenComparingInt(a -> a instanceof Var v ? v.loop() : 0)
            .thenComparing(Atom::toString);

    public Index {
        terms = List.copyOf(terms);
    }

    public static Index constant(long c) {
        return new Index(c, List.of());
    }

    public static Index var(int loop) {
        return new Index(0, List.of(new Term(1, new Var(loop))));
    }

    private static Index atom(Atom a) {
        return new Index(0, List.of(new Term(1, a)));
    }

    public static Index gather(TensorRef ids, Index at, long bound) {
        return atom(new Gather(ids, at, bound));
    }

    public Index plus(Index o) {
        Map<Atom, Long> merged = new LinkedHashMap<>();
        for (Term t : terms) merged.merge(t.atom(), t.coef(), Long::sum);
        for (Term t : o.terms) merged.merge(t.atom(), t.coef(), Long::sum);
        List<Term> out = new ArrayList<>();
        merged.forEach((a, c) -> {
            if (c != 0) out.add(new Term(c, a));
        });
        out.sort(Comparator.comparing(Term::atom, ORDER));
        return new Index(constant + o.constant, out);
    }

    public Index plus(long c) {
        return new Index(constant + c, terms);
    }

    public Index times(long k) {
        if (k == 0) return constant(0);
        return new Index(constant * k, terms.stream().map(t -> new Term(t.coef() * k, t.atom())).toList());
    }

    public boolean isConstant() {
        return terms.isEmpty();
    }

    /** Whether every atom is a loop variable. */
    public boolean isAffine() {
        return terms.stream().allMatch(t -> t.atom() instanceof Var);
    }

    /** The coefficient of loop variable {@code loop} as a plain term (not inside a digit or gather). */
    public long coef(int loop) {
        for (Term t : terms) {
            if (t.atom() instanceof Var v && v.loop() == loop) return t.coef();
        }
        return 0;
    }

    /** Whether loop variable {@code loop} occurs inside a digit or a gather. */
    public boolean mentionsNonAffinely(int loop) {
        for (Term t : terms) {
            if (t.atom() instanceof Digit d && d.of().mentions(loop)) return true;
            if (t.atom() instanceof Gather g && g.at().mentions(loop)) return true;
        }
        return false;
    }

    /** Whether loop variable {@code loop} occurs anywhere. */
    public boolean mentions(int loop) {
        return coef(loop) != 0 || mentionsNonAffinely(loop);
    }

    /** The smallest and largest value for loop variables in {@code [0, extents[i])}. */
    public long[] range(long[] extents) {
        long lo = constant;
        long hi = constant;
        for (Term t : terms) {
            long[] r = atomRange(t.atom(), extents);
            long a = t.coef() * r[0];
            long b = t.coef() * r[1];
            lo += Math.min(a, b);
            hi += Math.max(a, b);
        }
        return new long[] {lo, hi};
    }

    private static long[] atomRange(Atom a, long[] extents) {
        if (a instanceof Var v) return new long[] {0, extents[v.loop()] - 1};
        if (a instanceof Digit d) return new long[] {0, d.modulus() - 1};
        // Targets check every gathered id against its bound before using it.
        return new long[] {0, ((Gather) a).bound() - 1};
    }

    /**
     * {@code (this / divisor) % modulus}, for an index that is never negative. Folded to plain terms when
     * the low part (terms not divisible by the divisor) never carries into the quotient and the quotient
     * never wraps the modulus; otherwise a digit atom.
     */
    public Index digit(long divisor, long modulus, long[] extents) {
        long[] whole = range(extents);
        if (whole[0] >= 0 && whole[1] < divisor) return constant(0);
        if (divisor == 1 && whole[0] >= 0 && whole[1] < modulus) return this;
        Index low = constant(constant % divisor);
        Index high = constant(constant / divisor);
        for (Term t : terms) {
            Index term = new Index(0, List.of(new Term(t.coef(), t.atom())));
            if (t.coef() % divisor == 0) high = high.plus(new Index(0, List.of(new Term(t.coef() / divisor, t.atom()))));
            else low = low.plus(term);
        }
        long[] lowRange = low.range(extents);
        if (constant >= 0 && lowRange[0] >= 0 && lowRange[1] < divisor) {
            // Terms that are multiples of the modulus vanish under it.
            Index wrapped = constant(high.constant % modulus);
            for (Term t : high.terms) {
                long c = t.coef() % modulus;
                if (c != 0) wrapped = wrapped.plus(new Index(0, List.of(new Term(c, t.atom()))));
            }
            long[] r = wrapped.range(extents);
            if (r[0] >= 0 && r[1] < modulus) return wrapped;
        }
        return atom(new Digit(this, divisor, modulus));
    }

    /**
     * This index with every loop variable replaced by {@code f}'s index for it, digits simplified again
     * for the new loop {@code extents}.
     */
    public Index substitute(Function<Var, Index> f, long[] extents) {
        Index out = constant(constant);
        for (Term t : terms) {
            Index a;
            if (t.atom() instanceof Var v) a = f.apply(v);
            else if (t.atom() instanceof Digit d) a = d.of().substitute(f, extents).digit(d.divisor(), d.modulus(), extents);
            else {
                Gather g = (Gather) t.atom();
                a = gather(g.ids(), g.at().substitute(f, extents), g.bound());
            }
            out = out.plus(a.times(t.coef()));
        }
        return out;
    }

    /** Visits the tensors that gather atoms read, at any depth. */
    public void forEachGathered(Consumer<TensorRef> visitor) {
        for (Term t : terms) {
            if (t.atom() instanceof Digit d) d.of().forEachGathered(visitor);
            if (t.atom() instanceof Gather g) {
                visitor.accept(g.ids());
                g.at().forEachGathered(visitor);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (constant != 0 || terms.isEmpty()) sb.append(constant);
        for (Term t : terms) {
            if (sb.length() > 0) sb.append(" + ");
            if (t.coef() != 1) sb.append(t.coef()).append('*');
            sb.append(t.atom());
        }
        return sb.toString();
    }
}

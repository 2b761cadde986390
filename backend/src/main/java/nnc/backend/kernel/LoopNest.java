package nnc.backend.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Perfectly nested loops, outermost first; loop {@code i} binds {@link Index.Var} {@code i} over {@code [0, extent(i))}. */
public record LoopNest(long[] extents) {
    public LoopNest {
        extents = extents.clone();
    }

    public static LoopNest of(int... dims) {
        return new LoopNest(Arrays.stream(dims).asLongStream().toArray());
    }

    @Override
    public long[] extents() {
        return extents.clone();
    }

    public int rank() {
        return extents.length;
    }

    public long extent(int loop) {
        return extents[loop];
    }

    /** Iterations of the whole nest. */
    public long total() {
        long t = 1;
        for (long e : extents) t *= e;
        return t;
    }

    /** The loop variables, one index per loop. */
    public List<Index> vars() {
        List<Index> v = new ArrayList<>();
        for (int i = 0; i < extents.length; i++) v.add(Index.var(i));
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoopNest l && Arrays.equals(extents, l.extents);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(extents);
    }

    @Override
    public String toString() {
        return Arrays.toString(extents);
    }
}

package nnc.backend.kernel;

/**
 * A reduction: {@code output[store] = combine(element) / divisor} over the points of {@code loops}
 * that share a store index; {@code reduced[i]} marks the loops summed over (their coefficient in
 * {@code store} is 0). {@code element} may be a fused prologue.
 *
 * <p>{@link Order#INNER}: the kept loops come first and each result is folded in a local accumulator
 * by the reduced loops inside; {@link #parallel()} splits loop 0, which is then kept. {@link Order#OUTER}
 * (f32 only, chosen when the innermost loop is kept, as when summing over a batch): the output is set to
 * the identity and every element is folded into it in memory order, so the innermost loop runs along
 * contiguous memory; then each result is divided.
 */
public record ReduceKernel(String name, String summary, LoopNest loops, boolean[] reduced, Expr element, Combiner combiner,
        long divisor, TensorRef output, Index store, Order order, Parallel parallel) implements Kernel {
    public enum Combiner {
        SUM,
        MAX
    }

    public enum Order {
        INNER,
        OUTER
    }

    public ReduceKernel {
        reduced = reduced.clone();
    }

    @Override
    public boolean[] reduced() {
        return reduced.clone();
    }

    /** Leading loops that are kept (not reduced). */
    public int keptPrefix() {
        int i = 0;
        while (i < reduced.length && !reduced[i]) i++;
        return i;
    }
}

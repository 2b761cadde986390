package nnc.backend.kernel;

/**
 * How a kernel's outermost loop of {@code units} independent iterations is split across cores: into
 * {@code blocks} contiguous chunks of about equal size, each written by one worker. Units write disjoint
 * elements and each element is summed in a fixed order, so results do not depend on the split.
 * {@code blocks == 1} runs the loop on the calling thread.
 */
public record Parallel(long units, int blocks) {
    /** Below this many flops a block costs more to hand to another core than to run here. */
    static final long MIN_WORK_PER_BLOCK = 1L << 17;
    /** Enough blocks to balance load on a many-core machine; a target maps blocks onto its own workers. */
    static final int MAX_BLOCKS = 64;

    public Parallel {
        if (blocks < 1 || blocks > Math.max(1, units)) throw new IllegalArgumentException("cannot split " + units + " units into " + blocks + " blocks");
    }

    /** One block: the whole loop on the calling thread. */
    public static Parallel serial(long units) {
        return new Parallel(units, 1);
    }

    /** Splits {@code units} iterations that together cost {@code work} flops into blocks worth the handover. */
    public static Parallel split(long units, long work) {
        long blocks = Math.min(Math.min(units, MAX_BLOCKS), work / MIN_WORK_PER_BLOCK);
        return new Parallel(units, (int) Math.max(1, blocks));
    }

    public boolean isSerial() {
        return blocks == 1;
    }
}

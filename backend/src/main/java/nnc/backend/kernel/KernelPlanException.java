package nnc.backend.kernel;

/**
 * A group of nodes that no single kernel can compute, e.g. a fused group with two heavy ops or a
 * movement the index algebra cannot express. A bug in whatever formed the group, reported with its ops.
 */
public final class KernelPlanException extends RuntimeException {
    KernelPlanException(Group g, String why) {
        super("cannot compute " + g.summary() + " (" + g.root + ") in one kernel: " + why);
    }
}

package nnc.ir;

/**
 * Which part of a training step a node belongs to. The frontend builds forward nodes; the autodiff
 * pass adds the backward pass and the optimizer update; the recompute pass adds recomputations. A
 * forward value read by a later phase is a stashed activation (see {@link Stash}): it must live
 * until the backward pass, or be recomputed.
 */
public enum Phase {
    FORWARD("forward"),
    BACKWARD("backward"),
    /**
     * Nodes the recompute pass adds to rebuild forward values for the backward pass instead of
     * stashing them; their flops are the step's recompute flops.
     */
    RECOMPUTE("recompute"),
    OPTIMIZER("optimizer");

    private final String text;

    Phase(String text) {
        this.text = text;
    }

    /** The label that starts a run of nodes of this phase in the IR text. */
    public String text() {
        return text;
    }

    /** The phase labelled {@code text}, or null. */
    public static Phase byText(String text) {
        for (Phase p : values()) {
            if (p.text.equals(text)) return p;
        }
        return null;
    }
}

package nnc.ir;

/** TVM's operator patterns, ordered from most to least fusable. */
public enum FusionPattern {
    ELEMWISE,
    BROADCAST,
    INJECTIVE,
    REDUCE,
    OUT_ELEMWISE_FUSABLE,
    OPAQUE
}

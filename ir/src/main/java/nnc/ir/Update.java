package nnc.ir;

/** A persistent argument (param or optimizer state) overwritten with {@code value} at the end of a step. */
public record Update(Arg target, Value value) {}

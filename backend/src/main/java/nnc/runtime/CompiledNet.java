package nnc.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What every network class that nnc's Java target generates offers, so that a runner can drive any of
 * them. Elements cross this interface as {@code float[]}; an i32 tensor's elements are carried as their
 * raw bits ({@link Float#intBitsToFloat}), the way the generated code keeps them in its arena.
 */
public interface CompiledNet {
    /** Inputs, params and optimizer state, in declaration order. */
    List<String> arguments();

    /** Named outputs, in declaration order. */
    List<String> outputs();

    /** The shape of an argument or output. */
    int[] shape(String name);

    /** Whether an argument or output holds i32 elements. */
    boolean isI32(String name);

    /** Whether an argument is a param or optimizer state (persistent across steps) rather than an input. */
    boolean isPersistent(String name);

    /** Copies {@code values} into an argument. */
    void set(String name, float[] values);

    /** A copy of an output, or of an argument's current value (params change at every training step). */
    float[] get(String name);

    /** One step: {@code forward()} of an inference graph, {@code step()} of a training graph. */
    void run();

    /** Bytes of the arena allocated for transient values: the planned {@code arena_bytes}, exactly. */
    long arenaBytes();

    /** Reads every param and optimizer state argument from {@code dir/<name>.npy}. */
    default void loadParams(Path dir) throws IOException {
        for (String name : arguments()) {
            if (isPersistent(name)) set(name, NpyFiles.read(dir.resolve(name + ".npy"), shape(name), isI32(name)));
        }
    }

    /** Writes every param and optimizer state argument to {@code dir/<name>.npy}. */
    default void saveParams(Path dir) throws IOException {
        for (String name : arguments()) {
            if (isPersistent(name)) NpyFiles.write(dir.resolve(name + ".npy"), get(name), shape(name), isI32(name));
        }
    }

    /** Reads every input from {@code dir/<name>.npy}. */
    default void loadInputs(Path dir) throws IOException {
        for (String name : arguments()) {
            if (!isPersistent(name)) set(name, NpyFiles.read(dir.resolve(name + ".npy"), shape(name), isI32(name)));
        }
    }

    /** Writes every output to {@code dir/<name>.npy}. */
    default void saveOutputs(Path dir) throws IOException {
        for (String name : outputs()) NpyFiles.write(dir.resolve(name + ".npy"), get(name), shape(name), isI32(name));
    }
}
